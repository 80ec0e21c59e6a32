"""Contacts in and out as CSV and XLSX: round trip, matching, all or nothing; the example's."""

from __future__ import annotations

from pathlib import Path

import pytest

import riskreg
from riskreg.exchange.contacts import export_contacts, import_contacts
from riskreg.exchange.importer import ImportRejected


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_contacts_round_trip(example: riskreg.Register, tmp_path: Path, suffix: str) -> None:
    before = example.contacts()
    assert len(before) == 103  # a project lead and a ledningsråd each for 49, five more
    path = export_contacts(example, tmp_path / f"kontakter.{suffix}")
    result = import_contacts(example, path)
    assert result.unchanged == tuple(c.key for c in before) and not result.added
    assert example.contacts() == before


def test_import_matches_updates_adds_and_replaces(tmp_path: Path) -> None:
    reg = riskreg.Register.create(tmp_path / "r.json", user="anna")
    reg.new_contact(organisation="1487", role="project_lead", address="pl@v.example")
    reg.new_contact(organisation="1487", role="management_council", address="lr@v.example")
    path = tmp_path / "k.csv"
    path.write_text(
        "Organisation;Roll;Namn;E-post;Målgrupper;Språk\n"
        "Vänersborg;projektledare;Åsa Öberg;PL@v.example;\"MAS; Verksamhetschefer\";sv\n"
        "1480;ledningsråd;;lr@g.example;;en\n", "utf-8")
    dry = import_contacts(reg, path, dry_run=True, replace=True)
    assert (dry.updated, dry.added, dry.removed) == (("C-001",), ("C-003",), ("C-002",))
    assert len(reg.contacts()) == 2 and reg.contact("C-001").name == ""  # nothing written
    import_contacts(reg, path, replace=True)
    assert reg.contact("C-001").target_groups == ("MAS", "Verksamhetschefer")
    assert [(c.key, c.name, c.lang) for c in reg.contacts()] == [
        ("C-001", "Åsa Öberg", "sv"), ("C-003", "", "en")]


def test_a_bad_file_is_rejected_whole_with_every_problem(tmp_path: Path) -> None:
    reg = riskreg.Register.create(tmp_path / "r.json", user="anna")
    path = tmp_path / "k.csv"
    path.write_text("Organisation;Roll;E-post\n1487;projektledare;inte-en-adress\n"
                    "9999;projektledare;a@b.example\n1487;chef;c@d.example\n"
                    "1487;ledningsråd;ok@v.example\n", "utf-8")
    revision = reg.revision
    with pytest.raises(ImportRejected) as caught:
        import_contacts(reg, path)
    assert [p.row for p in caught.value.problems] == [2, 3, 4]
    assert reg.revision == revision and reg.contacts() == []
