"""Target groups are told when decisions change validity; a person gets what is pending on
them. Sent the same way as the status, with the same log."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from delivery_helpers import SENDER, config_for
from smtp_fixture import Recorder

import riskreg
from riskreg.delivery.notices import notice_messages
from riskreg.delivery.pending import RISKS, digest, digest_messages
from riskreg.delivery.send import FolderTransport, deliver
from riskreg.delivery.smtp import SmtpTransport

MAS = "mas@vanersborg.kommun.example"
LEAD = "projektledare@vanersborg.kommun.example"  # in "Projektledare"


def notify(reg: riskreg.Register, port: int) -> dict[str, str]:
    """Send the notices; each address -> the plain body it got."""
    outgoing = notice_messages(reg, sender=SENDER)
    deliver(reg, outgoing, SmtpTransport(config_for(port)), sender=SENDER.address)
    return {o.address: o.message.get_body(("plain",)).get_content() for o in outgoing}


def test_target_groups_are_told_what_changed_since_their_last_notice(
    with_contacts: riskreg.Register, server: tuple[Recorder, int]
) -> None:
    recorder, port = server
    reg = with_contacts
    reg.new_contact(organisation="1487", role="target_group", name="MAS Vänersborg",
                    address=MAS, target_groups=("MAS",))
    # KL-2020-06: Ledningsråd, MAS, MAR; KL-2020-04: Förvaltare, Superanvändare, Projektledare
    reg.assess("KL-2020-06", "uncertain", rationale="Bygger på\npausad design",
               review_by=date(2027, 3, 31))
    reg.assess("KL-2020-04", "applies", rationale="Gäller i SAMSA")
    reg.update_decision("KL-2020-08", visibility="internal", why="t")  # IT-samordnare, MAS
    reg.assess("KL-2020-08", "applies", rationale="HEMLIGT")
    bodies = notify(reg, port)
    assert "KL-2020-06" in bodies[MAS] and "KL-2020-04" not in bodies[MAS]
    assert "gäller nu → under bedömning" in bodies[MAS]
    assert "Motivering: Bygger på\npausad design" in bodies[MAS]
    assert "Bedöms senast 2027-03-31." in bodies[MAS]
    assert "KL-2020-04" in bodies[LEAD] and "KL-2020-06" not in bodies[LEAD]
    assert not any("KL-2020-08" in b or "HEMLIGT" in b for b in bodies.values())
    assert {"ledningsrad@vanersborg.kommun.example", MAS, LEAD} <= set(bodies)
    # nothing new: nothing sent; the MAS refused next time gets both changes the time after
    assert notify(reg, port) == {}
    reg.assess("KL-2020-02", "suspended", rationale="Pausat")  # MAS, Verksamhetschefer, PL
    recorder.refuse = {MAS}
    first = notify(reg, port)
    assert "KL-2020-02" in first[LEAD]
    recorder.refuse = set()
    reg.assess("KL-2020-06", "applies", rationale="Bedömt")
    second = notify(reg, port)
    assert "KL-2020-02" in second[MAS] and "KL-2020-06" in second[MAS]
    assert "under bedömning → gäller nu" in second[MAS]  # as last told → now
    assert LEAD not in second  # nothing new for "Projektledare"
    counts = recorder.count_by_recipient()
    assert counts[MAS] == 2 and counts[LEAD] == 2  # never the same notice twice


def test_a_digest_holds_what_is_pending_on_a_person(
    with_contacts: riskreg.Register, tmp_path: Path
) -> None:
    reg = with_contacts
    assert digest(reg, "MAS Skövde").items == ()  # its one action in the example is done
    risk = reg.risks()[0]
    reg.update_risk(risk.key, owner="MAS Skövde", why="t", actions=(
        *risk.actions, riskreg.Action("Ring hemsjukvården", owner="mas skövde",
                                      due=date(2026, 10, 1)),
        riskreg.Action("Skriv rutin", owner="MAS Skövde", due=date(2026, 11, 30)),
        riskreg.Action("Senare", owner="MAS Skövde", due=date(2027, 6, 1))))
    texts = [item.text("sv") for item in digest(reg, "mas  skövde").items]  # case, spaces
    assert any("Ring hemsjukvården (försenad" in t for t in texts)
    assert any("Skriv rutin (klar senast 2026-11-30)" in t for t in texts)
    assert not any("Senare" in t for t in texts)  # beyond the 14 days looked ahead
    reg.new_risk(title="HEMLIG intern risk", area=risk.area, inherent=risk.inherent,
                 owner="MAS Skövde", visibility="internal", created=date(2020, 1, 1))
    decision = next(x.target for x in reg.links(risk.key) if x.relation == "mitigated_by")
    reg.assess(decision, "uncertain", review_by=date(2027, 1, 31), rationale="t")
    shared = digest(reg, "MAS Skövde")
    everything = digest(reg, "MAS Skövde", shared_only=False)
    [flagged] = [i for i in shared.section(RISKS) if i.key == risk.key]
    assert decision in flagged.detail and flagged.what == "delivery.digest.flagged"
    assert any(i.title == "HEMLIG intern risk" for i in everything.items)  # review overdue
    assert not any(i.title == "HEMLIG intern risk" for i in shared.items)
    reg.new_contact(organisation="1496", role="target_group", name="Karin Mas",
                    address="mas@skovde.kommun.example", owner_names=("MAS Skövde",))
    outgoing = digest_messages(reg, sender=SENDER)
    assert [o.address for o in outgoing] == ["mas@skovde.kommun.example"]
    body = outgoing[0].message.get_body(("plain",)).get_content()
    assert risk.key in body and "HEMLIG" not in body and "Dina åtgärder" in body
    deliver(reg, outgoing, FolderTransport(tmp_path / "eml"), sender=SENDER.address)
    assert digest_messages(reg, sender=SENDER) == []  # one digest a day per address
