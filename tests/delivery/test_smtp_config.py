"""Where to send comes from a configuration file or the environment, the password never from
the command line nor the file itself; STARTTLS with a login against a real server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from delivery_helpers import SENDER
from smtp_fixture import tls_smtp_server

import riskreg
from riskreg.delivery.model import Outcome
from riskreg.delivery.send import deliver
from riskreg.delivery.smtp import SmtpConfig, SmtpTransport
from riskreg.delivery.status import open_edition, status_messages
from riskreg.errors import ValidationError

CONFIG = """[smtp]
host = "smtp.vastkom.example"
security = "starttls"
username = "riskreg-utskick"
from = "Projekt.Millennium@VastKom.example"
from_name = "Projekt Millennium"
"""


def test_configuration_from_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "smtp.toml"
    path.write_text(CONFIG, "utf-8")
    secret = tmp_path / "losen"
    secret.write_text("hemligt\n", "utf-8")
    os.chmod(secret, 0o600)
    config = SmtpConfig.load(path, {"RISKREG_SMTP_PASSWORD_FILE": str(secret),
                                    "RISKREG_SMTP_PORT": "2525"})
    assert (config.host, config.port, config.security, config.username) == (
        "smtp.vastkom.example", 2525, "starttls", "riskreg-utskick")
    assert config.sender.address == "projekt.millennium@vastkom.example"
    assert config.password == "hemligt" and "hemligt" not in repr(config)
    assert SmtpConfig.load(path, {"RISKREG_SMTP_PASSWORD": "x"}).password == "x"
    assert SmtpConfig.load(None, {"RISKREG_SMTP_HOST": "h.example", "RISKREG_SMTP_FROM":
                                  "a@b.example", "RISKREG_SMTP_SECURITY": "tls"}).port == 465


@pytest.mark.parametrize(("text", "environ", "problem"), [
    (CONFIG + 'password = "hemligt"\n', {}, "no password in the configuration file"),
    (CONFIG.replace("starttls", "none"), {}, "a login needs TLS"),
    (CONFIG.replace("starttls", "ssl"), {}, "security 'ssl'"),
    ("[smtp]\nhost = 'h.example'\n", {}, "host and from are needed"),
])
def test_bad_configurations_are_refused(tmp_path: Path, text: str, environ: dict[str, str],
                                        problem: str) -> None:
    path = tmp_path / "smtp.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ValidationError, match=problem):
        SmtpConfig.load(path, environ)


def test_a_password_file_others_may_read_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "losen"
    secret.write_text("hemligt", "utf-8")
    os.chmod(secret, 0o644)
    path = tmp_path / "smtp.toml"
    path.write_text(CONFIG + f'password_file = "{secret}"\n', "utf-8")
    with pytest.raises(ValidationError, match="chmod 600"):
        SmtpConfig.load(path, {})


def test_starttls_and_login_against_a_real_server(
    with_contacts: riskreg.Register, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    riskreg.export_reports(with_contacts, out, recipients="1487", formats="html")
    messages = status_messages(with_contacts, open_edition(with_contacts, out), sender=SENDER)
    with tls_smtp_server(tmp_path, "utskick", "rätt-lösen") as (recorder, port, cert):
        wrong = SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, username="utskick",
                           password="fel", cafile=cert, timeout=5)
        refused = deliver(with_contacts, messages, SmtpTransport(wrong), sender=SENDER.address)
        assert refused.aborted.startswith("connection: 535") and refused.not_attempted
        config = SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, username="utskick",
                            password="rätt-lösen", cafile=cert, timeout=5)
        sent = deliver(with_contacts, messages, SmtpTransport(config), sender=SENDER.address)
        assert [d.outcome for d in sent.lines] == [Outcome.SENT, Outcome.SENT]
        assert len(recorder.messages) == 2
        untrusted = SmtpConfig(host="127.0.0.1", port=port, sender=SENDER, timeout=5)
        with_contacts.remove_contact(with_contacts.contacts()[0].key)
        with_contacts.new_contact(organisation="1487", role="project_lead",
                                  address="ny@vanersborg.kommun.example")
        again = status_messages(with_contacts, open_edition(with_contacts, out), sender=SENDER)
        report = deliver(with_contacts, again, SmtpTransport(untrusted), sender=SENDER.address)
        assert "CERTIFICATE_VERIFY_FAILED" in report.aborted  # a server not trusted: nothing
        assert len(recorder.messages) == 2
