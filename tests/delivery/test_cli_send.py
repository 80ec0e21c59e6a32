"""``riskreg send``, ``digest`` and ``deliveries`` on the command line, against a real SMTP
server on loopback: what the server holds is the truth the output and the log are
compared with."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from delivery_helpers import TODAY
from smtp_fixture import Recorder, free_port

import riskreg
from riskreg.cli import cli

EXAMPLE = Path(riskreg.__file__).parent.parent / "examples" / "millennium_pause"
MUNICIPALITIES = Path(riskreg.__file__).parent / "data" / "municipalities.csv"
FROM = "projekt.millennium@vastkom.example"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", TODAY.isoformat())
    monkeypatch.setenv("RISKREG_USER", "anna")
    monkeypatch.setenv("COLUMNS", "160")
    for name in ("LANG", "DB", "SMTP_CONFIG", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY",
                 "SMTP_USER", "SMTP_PASSWORD", "SMTP_PASSWORD_FILE", "SMTP_FROM",
                 "SMTP_FROM_NAME", "SMTP_TIMEOUT"):
        monkeypatch.delenv(f"RISKREG_{name}", raising=False)


@pytest.fixture
def smtp(server: tuple[Recorder, int], monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """The server, and the environment that points riskreg at it."""
    recorder, port = server
    for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("SECURITY", "none"),
                        ("FROM", FROM), ("FROM_NAME", "Projekt Millennium – VästKom"),
                        ("TIMEOUT", "5")):
        monkeypatch.setenv(f"RISKREG_SMTP_{name}", value)
    yield recorder


def run(db: Path, *args: str, code: int | None = 0) -> Result:
    argv = ["--db", str(db), *args]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, (argv, result.exit_code, result.stdout, result.stderr)
    return result


def one_line_error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("riskreg: "), \
        result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


def state_of(db: Path) -> tuple[bytes, bytes]:
    return db.read_bytes(), db.with_name(db.name + ".history.jsonl").read_bytes()


def example_status_addresses() -> dict[str, set[str]]:
    """Municipality code -> its project lead and ledningsråd addresses, from the example's
    contacts file (the file ``riskreg init --example`` imports)."""
    text = (EXAMPLE / "contacts.csv").read_text("utf-8-sig")
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    found: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row["Roll"] in ("projektledare", "ledningsråd"):
            found.setdefault(row["Organisation"], set()).add(row["E-post"])
    return found


def municipality_codes() -> set[str]:
    rows = csv.DictReader(io.StringIO(MUNICIPALITIES.read_text("utf-8-sig")))
    return {row["code"] for row in rows}


def parsed(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_dry_run_on_the_example_writes_one_message_per_lead_and_ledningsrad(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKREG_SMTP_FROM", FROM)
    monkeypatch.setenv("RISKREG_SMTP_FROM_NAME", "Projekt Millennium – VästKom")
    before = state_of(example_path)
    out = tmp_path / "utskick"
    result = run(example_path, "send", "--out", str(out), "--dry-run")
    assert state_of(example_path) == before  # a preview: no edition, no log
    files = sorted((out / "meddelanden").glob("*.eml"))
    wanted = example_status_addresses()
    municipalities = municipality_codes()
    assert len(municipalities) == 49 and set(wanted) == municipalities
    assert all(len(addresses) == 2 for addresses in wanted.values())
    assert len(files) == 2 * 49 == 98
    to_code = {a: code for code, addresses in wanted.items() for a in addresses}
    seen: dict[str, list[str]] = {}
    for path in files:
        message = parsed(path.read_bytes())
        assert not message.defects
        [to] = message["To"].addresses
        code = to_code[to.addr_spec]
        seen.setdefault(code, []).append(to.addr_spec)
        # its own municipality's report attached, nobody else's
        names = [part.get_filename() for part in message.iter_attachments()]
        assert len(names) == 2 and all(n.startswith(f"{code}-") for n in names), names
        assert {n.rsplit(".", 1)[1] for n in names} == {"html", "xlsx"}
    assert {code: sorted(a) for code, a in seen.items()} == {
        code: sorted(a) for code, a in wanted.items()}  # each address exactly once
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Förhandsversion (utgåva 1")
    assert sum(1 for x in lines if x.startswith("[")) == 98 and "[98/98] lägesrapport" in \
        result.stdout
    assert lines[-1].startswith("Provkörning av utgåva 1: 98 meddelanden i ")
    # Swedish letters in the subject and the names survive the encoding
    message = parsed((out / "meddelanden").joinpath(next(
        p.name for p in files if "vanersborg" in p.name and "ledningsrad" in p.name))
        .read_bytes())
    assert message["To"].addresses[0].display_name == "Ledningsrådet Vänersborg"
    assert message["From"].addresses[0].display_name == "Projekt Millennium – VästKom"
    assert "Lägesrapport" in message["Subject"] and "Vänersborg (utgåva 1)" in \
        message["Subject"]
    # the same dry run again replaces the messages, it does not add to them
    run(example_path, "send", "--out", str(out), "--dry-run", "--to", "1487")
    assert len(list((out / "meddelanden").glob("*.eml"))) == 2


def test_send_on_the_example_reaches_every_lead_and_ledningsrad_once(
    example_path: Path, smtp: Recorder, tmp_path: Path
) -> None:
    out = tmp_path / "utskick"
    result = run(example_path, "send", "--out", str(out), "--format", "html",
                 "--why", "Lägesrapport december")
    counts = smtp.count_by_recipient()
    wanted = {a for addresses in example_status_addresses().values() for a in addresses}
    assert counts == {a: 1 for a in wanted} and len(counts) == 98
    assert "[98/98] lägesrapport " in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "Utgåva 1: 98 skickade, 0 misslyckade, 0 oklara, 0 hade den redan")
    with riskreg.Register.open(example_path, user="check") as reg:
        assert len(reg.deliveries("status", 1)) == 98
        assert all(d.delivered and d.answer.startswith("250 ") for d in reg.deliveries())
        [edition] = reg.editions()
        assert edition.formats == ("html",)
    # a re-run has nothing left to send, and sends nothing
    again = run(example_path, "send", "--out", str(out), "--format", "html")
    assert again.stdout.splitlines() == [f"Skickar utgåva 1 från {out}",
                                         "Inget att skicka: alla har redan fått utgåva 1"]
    assert len(smtp.messages) == 98


def test_refused_recipients_and_a_dropped_connection_then_a_rerun_without_duplicates(
    example_path: Path, smtp: Recorder, tmp_path: Path
) -> None:
    out = tmp_path / "utskick"
    fyrbodal = "association:Fyrbodal"  # 14 municipalities, 28 addresses
    refused = {"ledningsrad@vanersborg.kommun.example", "ledningsrad@tanum.kommun.example"}
    smtp.refuse = set(refused)
    smtp.drop_after = 20  # after 20 messages the server closes every connection with 421
    first = run(example_path, "send", "--out", str(out), "--to", fyrbodal,
                "--per-minute", "6000", code=1)
    delivered = set(smtp.count_by_recipient())
    assert len(delivered) == 20 and not delivered & refused
    with riskreg.Register.open(example_path, user="check") as reg:
        log = {d.address: d for d in reg.deliveries("status", 1)}
    assert len(log) == 28
    # the log says exactly who received what
    assert {a for a, d in log.items() if d.delivered} == delivered
    for address in refused:
        assert log[address].outcome == "failed" and log[address].answer.startswith("550 5.1.1")
        assert f"{address}: misslyckades (550 5.1.1" in first.stdout
    dropped = set(log) - delivered - refused
    assert len(dropped) == 6
    assert all(log[a].answer.startswith("421 ") for a in dropped)
    assert first.stdout.splitlines()[-1] == (
        "Utgåva 1: 20 skickade, 8 misslyckade, 0 oklara, 0 hade den redan")
    assert "skickas igen nästa gång" in first.stderr

    # the faults cleared, the same command sends only what is missing
    smtp.refuse, smtp.drop_after = set(), None
    second = run(example_path, "send", "--out", str(out), "--to", fyrbodal)
    assert second.stdout.startswith("Skickar utgåva 1 från")  # the same edition, not a new one
    assert sum(1 for x in second.stdout.splitlines() if x.startswith("[")) == 8
    assert second.stdout.splitlines()[-1] == (
        "Utgåva 1: 8 skickade, 0 misslyckade, 0 oklara, 20 hade den redan")
    counts = smtp.count_by_recipient()
    assert len(counts) == 28 and set(counts.values()) == {1}  # nobody twice
    assert len(smtp.messages) == 28
    with riskreg.Register.open(example_path, user="check") as reg:
        assert all(d.delivered for d in reg.deliveries("status", 1))
        assert len(reg.editions()) == 1
    listing = run(example_path, "--lang", "en", "deliveries", "--edition", "1", "--json")
    doc = json.loads(listing.stdout)
    assert doc["count"] == 28 and {d["outcome"] for d in doc["deliveries"]} == {"sent"}
    attempts = {d["address"]: d["attempts"] for d in doc["deliveries"]}
    assert attempts == {a: 2 if a in refused | dropped else 1 for a in counts}


def test_a_message_left_uncertain_is_not_sent_again_unasked(
    example_path: Path, smtp: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "utskick"
    slow = "projektledare@vanersborg.kommun.example"
    smtp.stall_data, smtp.stall = {slow}, 1.5
    monkeypatch.setenv("RISKREG_SMTP_TIMEOUT", "0.5")
    first = run(example_path, "--lang", "en", "send", "--out", str(out), "--to", "1487,1480",
                code=1)
    assert f"{slow}: may have arrived" in first.stdout
    smtp.stall_data = set()
    monkeypatch.setenv("RISKREG_SMTP_TIMEOUT", "5")
    second = run(example_path, "--lang", "en", "send", "--out", str(out), "--to",
                 "1487,1480")
    assert second.stdout.splitlines()[-1] == (
        "Edition 1: 0 sent, 0 failed, 0 uncertain, 3 had it already")
    assert "1 message of an earlier run may have arrived" in second.stderr
    assert smtp.count_by_recipient()[slow] == 1
    third = run(example_path, "--lang", "en", "send", "--out", str(out), "--to", "1487,1480",
                "--resend-pending")
    assert f"[1/1] status {slow}: sent" in third.stdout  # asked for: sent again
    assert smtp.count_by_recipient()[slow] == 2


def test_a_server_that_cannot_be_reached_stops_the_run_and_a_rerun_completes_it(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: Recorder
) -> None:
    out = tmp_path / "utskick"
    real_port = os.environ["RISKREG_SMTP_PORT"]
    monkeypatch.setenv("RISKREG_SMTP_PORT", str(free_port()))  # nobody listens there
    first = run(example_path, "send", "--out", str(out), "--to", "1487,1480", code=1)
    assert "försökte inte med 3 meddelanden" in first.stderr
    # the operating system's reason in the reader's words, in both languages
    assert "ingen anslutning till e-postservern: servern nekade anslutningen" in first.stderr
    assert "Errno" not in first.stderr and "refused" not in first.stderr
    english = run(example_path, "--lang", "en", "send", "--out", str(out), "--to", "1487",
                  code=1)
    assert "no connection to the mail server: the server refused the connection" \
        in english.stderr
    log = run(example_path, "deliveries").stdout
    assert "ingen anslutning" in log and "nekade" in log and "Errno" not in log
    assert "…" not in log  # wrapped, not cut
    monkeypatch.setenv("RISKREG_SMTP_PORT", real_port)
    run(example_path, "send", "--out", str(out), "--to", "1487,1480")
    assert smtp.count_by_recipient() == {
        f"{role}@{town}.kommun.example": 1 for role in ("projektledare", "ledningsrad")
        for town in ("vanersborg", "goteborg")}


def test_notices_and_digests_go_with_the_status(
    example_path: Path, smtp: Recorder, tmp_path: Path
) -> None:
    with riskreg.Register.open(example_path, user="anna", today=lambda: TODAY) as reg:
        # KL-2020-02 names MAS, Verksamhetschefer and Projektledare; its scope is all
        reg.assess("KL-2020-02", "uncertain", rationale="Bygger på den pausade designen",
                   review_by=date(2027, 3, 31))
    result = run(example_path, "send", "--out", str(tmp_path / "ut"), "--to", "1487",
                 "--notices", "--digest", "--days", "400")
    by_address: dict[str, list[EmailMessage]] = {}
    for message in smtp.received():
        by_address.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
    mas = by_address["mas@vanersborg.kommun.example"]
    notice = next(m for m in mas if "KL-2020-02" in m.get_body(("plain",)).get_content())
    body = notice.get_body(("plain",)).get_content()
    assert "gäller nu → under bedömning" in body and "Bedöms senast 2027-03-31." in body
    assert not list(notice.iter_attachments())
    # the project leads of every municipality are in "Projektledare": told too
    assert "projektledare@ale.kommun.example" in by_address
    digests = [m for ms in by_address.values() for m in ms
               if "Att göra" in m["Subject"] or "väntar" in m["Subject"]]
    assert digests  # Projektledare VästKom owns risks and actions due
    assert "Beslutsbesked: " in result.stdout and "Att göra-listor: " in result.stdout
    # the status went to Vänersborg's two addresses only
    with riskreg.Register.open(example_path, user="check") as reg:
        status = {d.address for d in reg.deliveries("status")}
        assert status == {"projektledare@vanersborg.kommun.example",
                          "ledningsrad@vanersborg.kommun.example"}
        assert reg.deliveries("notice") and reg.deliveries("digest")
    # nothing new: a second run sends no notice and no second digest today
    before = len(smtp.messages)
    run(example_path, "send", "--out", str(tmp_path / "ut"), "--to", "1487", "--notices",
        "--digest", "--days", "400")
    assert len(smtp.messages) == before


def test_bad_input_is_one_line_and_nothing_is_written(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state_of(example_path)
    out = tmp_path / "ut"
    # no SMTP settings at all
    one_line_error(run(example_path, "send", "--out", str(out), code=None),
                   "SMTP-inställningarna duger inte", "RISKREG_SMTP_HOST")
    one_line_error(run(example_path, "--lang", "en", "send", "--out", str(out), "--dry-run",
                       code=None), "from is needed")
    monkeypatch.setenv("RISKREG_SMTP_FROM", FROM)
    monkeypatch.setenv("RISKREG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RISKREG_SMTP_SECURITY", "none")
    # a password in the settings file is refused
    config = tmp_path / "smtp.toml"
    config.write_text('[smtp]\nhost = "smtp.example"\nfrom = "a@b.example"\n'
                      'password = "hemligt"\n', "utf-8")
    one_line_error(run(example_path, "send", "--out", str(out), "--smtp-config", str(config),
                       code=None), "inget lösenord i inställningsfilen")
    one_line_error(run(example_path, "send", "--out", str(out), "--format", "pdf",
                       code=None), "pdf")
    one_line_error(run(example_path, "send", "--out", str(out), "--to", "9999", code=None))
    one_line_error(run(example_path, "send", "--out", str(out), "--per-minute", "0",
                       code=None), "--per-minute")
    one_line_error(run(example_path, "send", "--out", str(out), "--edition", "3", code=None))
    # recipients none of whom has a project lead or ledningsråd: refused before the export
    with riskreg.Register.open(example_path, user="anna") as reg, reg.batch(why="t"):
        for contact in reg.contacts("1487"):
            reg.remove_contact(contact.key)
    before = state_of(example_path)
    one_line_error(run(example_path, "send", "--out", str(out), "--to", "1487", code=None),
                   "Ingen av de 1 valda mottagarna")
    assert state_of(example_path) == before
    assert not out.exists()
    # some without: a warning names them, the others are sent (here: written)
    dry = run(example_path, "send", "--out", str(out), "--to", "1487,1480", "--dry-run")
    assert "Varning: ingen projektledare eller ledningsråd att skicka till för Vänersborg" in \
        dry.stderr
    assert len(list((out / "meddelanden").glob("*.eml"))) == 2


def test_digest_for_a_person(example_path: Path) -> None:
    text = run(example_path, "digest", "--for", "Projektledare VästKom", "--days", "400").stdout
    assert text.startswith("Att göra för Projektledare VästKom\n")
    assert "Dina åtgärder (" in text and "Dina risker (" in text and "R-034" in text
    doc = json.loads(run(example_path, "--lang", "en", "digest", "--for",
                         "projektledare  västkom", "--days", "400", "--json").stdout)
    assert doc["count"] >= 3 and {i["section"] for i in doc["items"]} >= {"actions", "risks"}
    assert any("(due 2026-12-31)" in i["text"] for i in doc["items"])
    nothing = run(example_path, "--lang", "en", "digest", "--for", "Nobody Here").stdout
    assert nothing == "Nothing is pending on Nobody Here.\n"
