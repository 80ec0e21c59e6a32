"""Hostile text never makes a header, attachment names are safe, and nothing internal (nor a
``submitted`` flag) appears in any message: the same property as the reports'."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import attrs
import pytest
from delivery_helpers import SENDER, fixed_today
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import Contents, contents, examples, fill, new_register

import riskreg
from riskreg import Category, Decision, Organisation, Rating, Risk, Scope, Validity, Visibility
from riskreg.delivery.headers import one_line, safe_attachment_name
from riskreg.delivery.message import as_bytes
from riskreg.delivery.send import FolderTransport, deliver
from riskreg.delivery.status import open_edition, status_messages

HEADERS = {"from", "to", "subject", "date", "message-id", "auto-submitted", "mime-version",
           "content-type"}
EVIL = "Ond\nBcc: evil@attacker.example\nSubject: hej"


def parse(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def all_text(message: EmailMessage) -> str:
    """Every header and every part, decoded (an XLSX attachment unzipped)."""
    out = [f"{k}: {v}" for k, v in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        name = part.get_filename() or ""
        if name.endswith(".xlsx"):
            archive = zipfile.ZipFile(io.BytesIO(data))
            out += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        else:
            out.append(data.decode("utf-8-sig"))
    return "\n".join(out)


@pytest.mark.parametrize("text", [
    "a\r\nBcc: x@y.example", "a\nb", "a\rb", "a\u2028b\u2029c\x85d", "a\x00b", "\u202eabc",
    "a" * 500, "=?utf-8?q?x?=", "Name <evil@example.com>, other@example.com",
])
def test_one_line_is_one_line(text: str) -> None:
    flat = one_line(text, 100)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202e]", flat) and len(flat) <= 100


@pytest.mark.parametrize("name", ["../../etc/passwd", ".hidden", "a b.html", "ä.csv",
                                  "x\r\nContent-Type: text/html", "", "...", "a/b\\c.xlsx"])
def test_attachment_names_are_safe(name: str) -> None:
    safe = safe_attachment_name(name)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", safe) and ".." not in safe


def test_hostile_names_and_titles_never_make_a_header(tmp_path: Path) -> None:
    evil_org = Organisation("9999", EVIL + " ../../x", association="Fyrbodal",
                            care_area="Fyrbodal")
    reg = riskreg.Register.create(
        tmp_path / "r.json", name="Register\nBcc: evil@attacker.example", user="anna",
        categories=[Category("it", "IT\nX-Evil: 1")], organisations=[evil_org],
        today=fixed_today)
    reg.add_risk(Risk(key="R-001", title=EVIL, area="it", inherent=Rating(4, 4),
                      scope=Scope.municipalities("9999")))
    reg.add_decision(Decision(key="KL-2022-01", decided_on=date(2022, 1, 1), title=EVIL,
                              validity=Validity.UNCERTAIN, review_by=date(2027, 1, 1)))
    reg.new_contact(organisation="9999", role="project_lead", address="pl@ond.example",
                    name='Eve "<evil@attacker.example>", Bcc: evil@attacker.example')
    reg.new_contact(organisation="9999", role="management_council", address="lr@ond.example",
                    name="=?utf-8?q?Bcc=3A_evil=40attacker.example?=")
    out = tmp_path / "out"
    riskreg.export_reports(reg, out, recipients="9999", formats="html,csv")
    outgoing = status_messages(reg, open_edition(reg, out),
                               sender=attrs.evolve(SENDER, name=EVIL))
    report = deliver(None, outgoing, FolderTransport(tmp_path / "eml"), sender=SENDER.address)
    assert len(report.sent) == 2
    for path in sorted((tmp_path / "eml").iterdir()):
        message = parse(path.read_bytes())
        assert not message.defects
        assert {k.lower() for k in message} == HEADERS, path.name
        assert len(message.get_all("To")) == 1
        [to] = message["To"].addresses
        assert to.addr_spec in ("pl@ond.example", "lr@ond.example")
        assert "Bcc" not in str(message["From"]) or message["From"].addresses[0].addr_spec \
            == SENDER.address
        assert "\n" not in message["Subject"] and "Ond Bcc: evil" in message["Subject"]
        for part in message.iter_attachments():
            assert re.fullmatch(r"[a-z0-9.-]+", part.get_filename() or ""), part.get_filename()
        raw_headers = path.read_bytes().split(b"\r\n\r\n", 1)[0]
        assert not re.search(rb"(?mi)^(bcc|x-evil|cc):", raw_headers)
    reg.close()


# --- the property: nothing internal or submitted, nothing out of scope, no submission flag -----

RECIPIENTS = ("1480", "1485", "1496")


def _marked(content: Contents) -> Contents:
    def mark(item: Risk | Decision) -> Risk | Decision:
        if item.visibility is not Visibility.SHARED:  # internal, or a pending submission
            return attrs.evolve(item, title=f"HEMLIGT {item.key} ✶")
        return item

    return Contents(tuple(mark(d) for d in content.decisions),  # type: ignore[misc]
                    tuple(mark(r) for r in content.risks), content.links)  # type: ignore[misc]


@pytest.mark.torture
@settings(max_examples=examples(10, 200), deadline=None)
@given(content=contents(max_decisions=5, max_risks=6, max_links=10),
       lang=st.sampled_from(["sv", "en"]), data=st.data())
def test_no_internal_or_out_of_scope_item_appears_in_any_message(
    tmp_path_factory: pytest.TempPathFactory, content: Contents, lang: str, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("leak")
    content = _marked(content)
    reg = new_register(folder / "riskreg.json")
    fill(reg, content)
    for i, code in enumerate(RECIPIENTS):
        reg.new_contact(organisation=code, role="project_lead", address=f"pl{i}@k.example",
                        lang=lang)
    edition1 = riskreg.export_reports(reg, folder / "e1", recipients=",".join(RECIPIENTS),
                                      formats="json")
    messages = status_messages(reg, open_edition(reg, edition1.out), sender=SENDER)
    deliver(reg, messages, FolderTransport(folder / "eml1"), sender=SENDER.address)
    # changes between the editions: internal ones (their flags included), a submission's flag
    for decision in content.decisions:
        validity = data.draw(st.sampled_from(list(Validity)))
        reg.assess(decision.key, validity, rationale="ny bedömning",
                   review_by=date(2027, 1, 1) if validity is Validity.UNCERTAIN else None)
    if content.risks:
        risk = content.risks[0]
        reg.update_risk(risk.key, owner="Ny ägare", why="t")
        flags = (*reg.risk(risk.key).review_reasons, riskreg.ReviewReason(
            "submitted", "1480", "hemlig-fil.xlsx: 3"))
        with reg.batch():
            reg._flag(risk.key, flags[-1])  # what a submission's import leaves
    edition2 = riskreg.export_reports(reg, folder / "e2", recipients=",".join(RECIPIENTS),
                                      lang=lang)
    items = [*content.risks, *content.decisions]
    for outgoing in status_messages(reg, open_edition(reg, edition2.out), sender=SENDER):
        text = all_text(parse(as_bytes(outgoing.message)))
        assert "hemlig-fil" not in text
        [code] = outgoing.organisations
        org = reg.directory.get(code)
        for item in items:
            if item.visibility is not Visibility.SHARED or not item.scope.concerns(org):
                assert not re.search(rf"(?<![\w-]){re.escape(item.key)}(?![\w-])", text), (
                    code, item.key, item.scope, item.visibility)
                if item.visibility is not Visibility.SHARED:
                    assert item.title not in text
    reg.close()


_WORDS = st.sampled_from(["Lägesrapport", "Millenniumpausen", "–", "gemensam", "riskanalys",
                          "(illustrativt", "exempel):", "Ale", "Vänersborg", "(utgåva", "1)",
                          "Ödeshög", "Mölndal", "och", "beslut", "i", "Klinisk", "ledning",
                          "Tjörn", "Härryda", "Öckerö", "x" * 40])


@settings(max_examples=200)
@given(words=st.lists(_WORDS, min_size=1, max_size=30))
def test_a_subject_reads_back_exactly_as_written(words: list[str]) -> None:
    """However a long subject of Swedish words and ASCII ones is folded, a mail client
    decodes the same text: no double space where a line was folded (Python's folding of
    mixed encoded and plain words can leave one)."""
    from riskreg.delivery.message import Body, build_message

    subject = one_line(" ".join(words), 180)
    message = build_message(sender=SENDER, to="pia@vanersborg.kommun.example", to_name="Pia",
                            subject=subject, body=Body("Hej,", ("Text.",), ()), lang="sv",
                            at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
                            kind="status", serial=1)
    raw = as_bytes(message)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
