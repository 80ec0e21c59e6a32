"""A dry run on the example register: one .eml per municipality's project lead and ledningsråd,
each a well-formed message a mail client opens; the register is left as it was."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from delivery_helpers import SENDER

import riskreg
from riskreg.delivery.send import FolderTransport, deliver
from riskreg.delivery.status import edition_to_send, status_messages, without_status_contacts


def test_dry_run_on_the_example_writes_one_message_per_lead_and_council(
    example: riskreg.Register, tmp_path: Path
) -> None:
    revision, history = example.revision, len(example.history())
    edition, exported = edition_to_send(example, tmp_path / "out", formats=("html", "xlsx"),
                                        preview=True)
    assert exported and not example.editions()
    messages = status_messages(example, edition, sender=SENDER, formats=("html", "xlsx"))
    report = deliver(None, messages, FolderTransport(tmp_path / "eml"), sender=SENDER.address)
    assert len(report.sent) == 98 == 2 * len(example.directory.municipalities())
    assert (example.revision, len(example.history())) == (revision, history)
    assert example.deliveries() == []
    assert without_status_contacts(example, edition.edition.recipients) == []
    lead = next(c for c in example.contacts("1487") if c.role == "project_lead")
    example.update_contact(lead.key, active=False, why="slutat")
    assert without_status_contacts(example, ["1487", "1480"]) == []  # its ledningsråd remains
    council = next(c for c in example.contacts("1487") if c.role == "management_council")
    example.remove_contact(council.key, why="t")
    assert without_status_contacts(example, ["1487", "1480"]) == ["1487"]
    files = sorted((tmp_path / "eml").glob("*.eml"))
    assert len(files) == 98
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/mixed" and not message.defects
    [alternative, *attachments] = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain",
                                                                      "text/html"]
    assert message["To"].addresses[0].addr_spec == "ledningsrad@ale.kommun.example"
    assert [a.get_filename() for a in attachments] == ["1440-ale.html", "1440-ale.xlsx"]
    assert all(line.endswith(b"\r") or not line for line in files[0].read_bytes().split(b"\n"))
    # the same folder again: the preview there is taken, nothing exported anew
    again, exported = edition_to_send(example, tmp_path / "out", formats=("html",),
                                      preview=True)
    assert not exported and again.edition.number == edition.edition.number


def test_the_rate_limit_spaces_the_messages(example: riskreg.Register, tmp_path: Path) -> None:
    edition, _ = edition_to_send(example, tmp_path / "out", recipients="1487,1480",
                                 formats=("html",), preview=True)
    messages = status_messages(example, edition, sender=SENDER)
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    def clock() -> float:
        now[0] += 0.5  # each message takes half a second to hand over
        return now[0]

    deliver(None, messages, FolderTransport(tmp_path / "eml"), sender=SENDER.address,
            per_minute=30, sleep=sleep, clock=clock)
    assert len(messages) == 4  # two leads, two councils (a MAS is no status role)
    assert waits and all(1.0 <= w <= 2.0 for w in waits)
    assert len(waits) == len(messages) - 1
