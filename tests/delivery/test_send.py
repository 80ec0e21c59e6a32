"""The status goes to each municipality's project lead and ledningsråd through a real SMTP
server on loopback; the delivery log says exactly who received what, faults included, and
a re-run completes the rest without sending anything twice (counted on the server)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from delivery_helpers import CODES, PEOPLE, SENDER, config_for
from smtp_fixture import Recorder

import riskreg
from riskreg.delivery.model import Outcome
from riskreg.delivery.send import DeliveryReport, deliver
from riskreg.delivery.smtp import SmtpTransport
from riskreg.delivery.status import open_edition, status_messages
from riskreg.errors import ValidationError

ADDRESSES = sorted(p[3] for p in PEOPLE)


def export(reg: riskreg.Register, out: Path, formats: str = "html,xlsx,json") -> Path:
    riskreg.export_reports(reg, out, recipients=CODES, formats=formats, lang="sv")
    return out


def send(reg: riskreg.Register, out: Path, port: int, timeout: float = 5.0,
         **options: object) -> DeliveryReport:
    edition = open_edition(reg, out)
    outgoing = status_messages(reg, edition, sender=SENDER)
    return deliver(reg, outgoing, SmtpTransport(config_for(port, timeout)),
                   sender=SENDER.address, **options)  # type: ignore[arg-type]


def log(reg: riskreg.Register, serial: int = 1) -> dict[str, tuple[str, str]]:
    return {d.address: (str(d.outcome), d.answer) for d in reg.deliveries("status", serial)}


def test_each_address_gets_one_intact_message(
    with_contacts: riskreg.Register, server: tuple[Recorder, int], tmp_path: Path
) -> None:
    recorder, port = server
    out = export(with_contacts, tmp_path / "out")
    seen: list[tuple[int, int, str, str]] = []
    report = send(with_contacts, out, port,
                  progress=lambda done, total, item, line: seen.append(
                      (done, total, item.address, str(line.outcome))))
    assert [s[:2] for s in seen] == [(i, 6) for i in range(1, 7)]  # progress per recipient
    assert sorted(d.address for d in report.sent) == ADDRESSES
    assert recorder.count_by_recipient() == {a: 1 for a in ADDRESSES}
    # the log keeps the server's own answer for each
    queued = {f"250 2.0.0 Ok: queued as Q{i:04d}" for i in range(1, 7)}
    assert {answer for _o, answer in log(with_contacts).values()} == queued

    manifest = json.loads((out / "manifest.json").read_bytes())
    sums = {f["path"]: f["sha256"] for f in manifest["files"]}
    names = {p[3]: p[2] for p in PEOPLE}
    for message in recorder.received():
        assert not message.defects
        to = message["To"].addresses[0]
        assert to.display_name == names[to.addr_spec]
        assert message["From"].addresses[0].display_name == "Projekt Millennium – VästKom"
        org = {"vanersborg": "Vänersborg", "goteborg": "Göteborg", "uddevalla": "Uddevalla"}[
            to.domain.split(".")[0]]
        assert org in message["Subject"]
        assert ("Lägesrapport" if to.display_name != "Göran Ängström" else "Status report") \
            in message["Subject"]
        attached = {part.get_filename(): part.get_payload(decode=True) for part in
                    message.iter_attachments()}
        assert len(attached) == 3 and all(name.endswith((".html", ".xlsx", ".json"))
                                          for name in attached)
        for name, data in attached.items():
            assert hashlib.sha256(data).hexdigest() == sums[name], name
        body = message.get_body(("plain",)).get_content()
        assert "Exponerade risker" in body or "Exposed risks" in body


def test_refused_dropped_and_timed_out_recipients_are_told_apart_and_completed_later(
    with_contacts: riskreg.Register, server: tuple[Recorder, int], tmp_path: Path
) -> None:
    recorder, port = server
    out = export(with_contacts, tmp_path / "out")
    refused, stalled = ADDRESSES[0], ADDRESSES[1]
    recorder.refuse = {refused}
    recorder.stall_rcpt, recorder.stall = {stalled}, 1.5
    recorder.drop_after = 3  # after three accepted messages every MAIL closes the line
    report = send(with_contacts, out, port, timeout=0.5)
    lines = log(with_contacts)
    delivered = set(recorder.count_by_recipient())
    assert len(delivered) == 3 and all(recorder.count_by_recipient()[a] == 1 for a in delivered)
    # the log says exactly who received what: sent = what the server holds, the rest failed
    assert {a for a, (o, _answer) in lines.items() if o == "sent"} == delivered
    assert lines[refused] == ("failed", f"550 5.1.1 <{refused}>: Recipient address rejected: "
                              "User unknown")
    assert lines[stalled] == ("failed", "timed out")
    for address in set(ADDRESSES) - delivered - {refused, stalled}:
        assert lines[address] == ("failed", "421 4.7.0 Too many messages, closing connection")
    assert len(report.lines) == 6 and not report.aborted
    warned = {f.params["address"]: f.code for f in with_contacts.check()
              if f.code.startswith("delivery_")}
    assert warned == {a: "delivery_failed" for a in set(ADDRESSES) - delivered}

    # the faults cleared, a re-run sends only what is missing, and nothing twice
    recorder.refuse, recorder.stall_rcpt, recorder.drop_after = set(), set(), None
    again = send(with_contacts, out, port)
    assert sorted(d.address for d in again.sent) == sorted(set(ADDRESSES) - delivered)
    assert recorder.count_by_recipient() == {a: 1 for a in ADDRESSES}
    assert all(o == "sent" for o, _a in log(with_contacts).values())
    assert not [f for f in with_contacts.check() if f.code.startswith("delivery_")]
    attempts = {d.address: d.attempts for d in with_contacts.deliveries("status", 1)}
    assert attempts == {a: 1 if a in delivered else 2 for a in ADDRESSES}
    # and a third run has nothing left to send
    assert send(with_contacts, out, port).lines == ()
    assert len(recorder.messages) == 6


def test_no_answer_after_the_message_is_not_resent_unasked(
    with_contacts: riskreg.Register, server: tuple[Recorder, int], tmp_path: Path
) -> None:
    recorder, port = server
    out = export(with_contacts, tmp_path / "out")
    slow = ADDRESSES[2]
    recorder.stall_data, recorder.stall = {slow}, 1.5
    send(with_contacts, out, port, timeout=0.5)
    outcome, answer = log(with_contacts)[slow]
    assert outcome == "pending" and "may have arrived" in answer
    recorder.stall_data = set()
    assert send(with_contacts, out, port).lines == ()  # not sent again unasked
    edition = open_edition(with_contacts, out)
    assert [o.address for o in status_messages(with_contacts, edition, sender=SENDER,
                                               resend_pending=True)] == [slow]
    assert recorder.count_by_recipient()[slow] == 1  # the stalled one did arrive, once


def test_a_server_that_cannot_be_reached_stops_the_run(
    with_contacts: riskreg.Register, tmp_path: Path
) -> None:
    from smtp_fixture import free_port

    out = export(with_contacts, tmp_path / "out")
    report = send(with_contacts, out, free_port(), timeout=1)
    assert report.aborted.startswith("connection:")
    assert len(report.failed) == 1 and len(report.not_attempted) == 5
    assert len(with_contacts.deliveries()) == 1  # only the one tried is in the log


def test_changes_are_measured_against_what_each_address_was_delivered(
    with_contacts: riskreg.Register, server: tuple[Recorder, int], tmp_path: Path
) -> None:
    recorder, port = server
    reg = with_contacts
    lead, council = "projektledare@vanersborg.kommun.example", \
        "ledningsrad@vanersborg.kommun.example"
    send(reg, export(reg, tmp_path / "e1"), port)  # edition 1 to everyone
    uncertain = next(d for d in reg.decisions(validity="applies")
                     if d.scope.kind == "all" and d.visibility == "shared")
    reg.assess(uncertain.key, "uncertain", rationale="Bygger på pausad design",
               review_by=riskreg.Register.today(reg).replace(year=2027))
    recorder.refuse = {council}
    send(reg, export(reg, tmp_path / "e2"), port)  # edition 2: the council's refused
    assert log(reg, 2)[council][0] == "failed"
    recorder.refuse = set()
    closed = next(r for r in reg.risks(organisation="1487") if r.status != "closed"
                  and r.visibility == "shared")
    reg.update_risk(closed.key, status="closed", why="klar")
    out3 = export(reg, tmp_path / "e3")
    assert reg.received_edition("1487").number == 1  # the council last received edition 1
    send(reg, out3, port)
    bodies = {m["To"].addresses[0].addr_spec: m.get_body(("plain",)).get_content()
              for m in recorder.received()[-6:]}
    assert f"{uncertain.key} gäller nu → under bedömning" not in bodies[lead]
    assert "sedan utgåva 2" in bodies[lead] and f"{closed.key} avslutad" in bodies[lead]
    assert "sedan utgåva 1" in bodies[council]
    assert f"{uncertain.key} gäller nu → under bedömning" in bodies[council]
    assert f"{closed.key} avslutad" in bodies[council]
    # the attached report of edition 3 is measured against edition 1 for Vänersborg
    report = json.loads((out3 / "1487-vanersborg.json").read_bytes())
    assert report["edition"]["previous"]["number"] == 1


def test_an_edition_that_is_not_what_was_recorded_is_not_sent(
    with_contacts: riskreg.Register, tmp_path: Path
) -> None:
    out = export(with_contacts, tmp_path / "out")
    (out / "1487-vanersborg.html").write_text("<p>ändrad</p>", "utf-8")
    edition = open_edition(with_contacts, out)
    with pytest.raises(ValidationError, match="checksum"):
        status_messages(with_contacts, edition, sender=SENDER)
    out2 = export(with_contacts, tmp_path / "out2")
    with_contacts.update_risk("R-001", title="Ny rubrik", why="t")
    with pytest.raises(ValidationError, match="changed since edition 2"):
        status_messages(with_contacts, open_edition(with_contacts, out2), sender=SENDER)
    assert with_contacts.deliveries() == []
    assert Outcome.SENT == "sent"
