"""The report a municipality reads: what needs the reader first, a table of contents, summary
figures that lead to their sections, overdue dates marked, changes told field by field, and
what to look at again after a decision changed; nothing of it naming an internal item."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from strategies import fixed_today, new_register

import riskreg
from riskreg import Rating, Relation, Validity

VANERSBORG = "1487"


class Page(HTMLParser):
    """The ids, the h2 sections in order, the table of contents' and the figures' links."""

    def __init__(self, raw: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.sections: list[str] = []
        self.contents: list[str] = []
        self.figures: list[str] = []
        self._in: list[str] = []
        self.feed(raw)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "section" and found.get("id"):
            self.sections.append(str(found["id"]))
        if tag == "nav":
            self._in.append("nav")
        if tag == "a" and found.get("href", "").startswith("#"):  # type: ignore[union-attr]
            target = str(found["href"])[1:]
            if "nav" in self._in:
                self.contents.append(target)
            if "figure" in (found.get("class") or ""):
                self.figures.append(target)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in:
            self._in.pop()


@pytest.fixture
def two_editions(example_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Vänersborg's reports: edition 1, then edition 2 after a round of changes."""
    with riskreg.Register.open(example_path, user="anna", today=fixed_today) as reg:
        riskreg.export_reports(reg, tmp_path / "e1", recipients=VANERSBORG,
                               formats="html,md,json")
        reg.assess("KL-2022-07", Validity.SUSPENDED, rationale="Bygger på den pausade designen")
        reg.update_decision("KL-2020-01", target_groups=["MAS", "Ledningsråd"],
                            why="Färre målgrupper")
        reg.update_risk("R-001", owner="MAS Vänersborg", inherent=Rating(4, 3),
                        complete_actions=[2], why="Omvärderad på mötet")
        riskreg.export_reports(reg, tmp_path / "e2", recipients=VANERSBORG,
                               formats="html,md,json")
    return tmp_path / "e1", tmp_path / "e2"


def read(folder: Path, ext: str) -> str:
    return (folder / f"1487-vanersborg.{ext}").read_text("utf-8")


def test_what_needs_the_reader_comes_first_with_a_table_of_contents(
        two_editions: tuple[Path, Path]) -> None:
    for folder, expected in zip(two_editions, (
            ["summary", "uncertain", "exposed", "conflicts", "risks", "decisions", "reported",
             "closed"],
            ["summary", "changes", "review", "uncertain", "exposed", "conflicts", "risks",
             "decisions", "reported", "closed"]), strict=True):
        page = Page(read(folder, "html"))
        assert page.sections == expected
        assert page.contents == expected[1:]  # every section but the summary under it
        assert page.figures and set(page.figures) <= set(page.ids)
        markdown = read(folder, "md")
        headings = re.findall(r"^## (.+?)(?: \(\d+\))?$", markdown, re.M)
        assert headings[:2] == ["Innehåll", "Sammanfattning"]


def test_the_summary_figures_lead_to_their_sections(two_editions: tuple[Path, Path]) -> None:
    page = Page(read(two_editions[1], "html"))
    assert page.figures == ["changes", "uncertain", "exposed", "conflicts", "risks", "reported",
                            "applies"]
    raw = read(two_editions[1], "html")
    assert 'href="#uncertain"><span class="n">5</span>' in raw
    assert "först 2026-06-30, försenad" in raw  # the first date due, and that it has passed


def test_an_overdue_assessment_date_is_marked(two_editions: tuple[Path, Path]) -> None:
    markdown = read(two_editions[1], "md")
    assert "Bedöms senast: **2026-06-30** **försenad**" in markdown  # KL-2021-12, today 11-22
    assert "Bedöms senast: **2026-12-15**\n" in markdown  # KL-2022-12: not yet
    doc = json.loads(read(two_editions[1], "json"))
    assert [d["key"] for d in doc["decisions"] if d["validity"] == "uncertain"]


def test_a_change_says_which_fields_changed_old_and_new(two_editions: tuple[Path, Path]) -> None:
    markdown = read(two_editions[1], "md")
    changes = markdown[markdown.index("## Ändrat sedan"):markdown.index("## Att se över")]
    assert "innehållet har ändrats" not in changes
    assert "- Riskägare: Projektledare VästKom → MAS Vänersborg" in changes
    assert "- Inneboende risk: 3 × 4 = 12 (Mycket hög) → 4 × 3 = 12 (Mycket hög)" in changes
    assert ": pågår → klar" in changes  # the action completed
    assert "- Målgrupper: Projektledare, Ledningsråd, Verksamhetschefer → MAS, Ledningsråd" \
        in changes
    assert "→ 2026-11-22: Bygger på den pausade designen" in changes  # the new assessment
    doc = json.loads(read(two_editions[1], "json"))
    fields = {(f["key"], f["field"]): f for f in doc["changes"]["fields"]}
    assert fields[("R-001", "owner")]["before"] == "Projektledare VästKom"
    assert fields[("R-001", "owner")]["after"] == "MAS Vänersborg"
    assert set(fields) == {("R-001", "owner"), ("R-001", "inherent"), ("R-001", "actions"),
                           ("KL-2020-01", "target_groups"), ("KL-2022-07", "assessment")}


def test_what_a_changed_decision_reaches_is_listed_with_its_path(
        two_editions: tuple[Path, Path]) -> None:
    markdown = read(two_editions[1], "md")
    review = markdown[markdown.index("## Att se över"):markdown.index("## Under bedömning")]
    assert "- R-019 Hög arbetsbelastning av dubbla system och rutiner " \
           "(R-019 mildras av KL-2022-07)" in review
    assert "(R-019 mildras av KL-2022-07 → R-019 förvärrar R-023)" in review
    doc = json.loads(read(two_editions[1], "json"))
    reached = {x["key"]: x for x in doc["changes"]["review"]}
    assert reached["R-023"]["path"] == [
        {"source": "R-019", "relation": "mitigated_by", "target": "KL-2022-07"},
        {"source": "R-019", "relation": "aggravates", "target": "R-023"}]
    assert doc["summary"]["changes"] == 3  # what to look at again is not counted as a change


def test_the_index_page_has_a_footer_of_its_own(two_editions: tuple[Path, Path]) -> None:
    index = (two_editions[1] / "index.html").read_text("utf-8")
    footer = index[index.index("<footer>"):]
    assert "Varje kommuns rapport innehåller bara det som berör kommunen" in footer
    assert "Rapporten innehåller" not in footer
    report_footer = read(two_editions[1], "html")
    assert "berör <bdi>Vänersborg</bdi>" in report_footer[report_footer.index("<footer>"):]


def test_nothing_internal_in_the_changes_the_paths_or_the_fields(tmp_path: Path) -> None:
    """A shared risk reached only through an internal one is not listed; a changed text that
    names an internal item shows it cut, before and after."""
    reg = new_register(tmp_path / "riskreg.json", user="anna")
    with reg:
        reg.new_decision(key="KL-2022-01", decided_on="2022-03-01", title="Delat beslut",
                         validity="applies")
        reg.new_risk(key="R-001", title="Intern risk", area="it", inherent=Rating(2, 2),
                     visibility="internal")
        reg.new_risk(key="R-002", title="Nås bara via den interna", area="it",
                     inherent=Rating(2, 2))
        reg.new_risk(key="R-003", title="Mildras direkt", area="it", inherent=Rating(2, 2),
                     description="Hänger ihop med R-001 och annat.")
        reg.link("R-001", Relation.MITIGATED_BY, "KL-2022-01")
        reg.link("R-001", Relation.AGGRAVATES, "R-002")
        reg.link("R-003", Relation.MITIGATED_BY, "KL-2022-01")
        riskreg.export_reports(reg, tmp_path / "e1", recipients=VANERSBORG, formats="md,json")
        reg.assess("KL-2022-01", Validity.SUSPENDED, rationale="Pausad design")
        reg.update_risk("R-003", description="Hänger ihop med R-001 och mer därtill.",
                        why="Förtydligad")
        riskreg.export_reports(reg, tmp_path / "e2", recipients=VANERSBORG, formats="md,json")
    doc = json.loads(read(tmp_path / "e2", "json"))
    assert [x["key"] for x in doc["changes"]["review"]] == ["R-003"]
    fields = {(f["key"], f["field"]): f for f in doc["changes"]["fields"]}
    assert set(fields) == {("KL-2022-01", "assessment"), ("R-003", "description")}
    field = fields[("R-003", "description")]
    for path in (tmp_path / "e2").iterdir():
        text = path.read_text("utf-8")
        assert "R-001" not in text and "Intern risk" not in text, path.name
    assert "[…]" in field["before"] and "[…]" in field["after"]


def test_overdue_is_judged_on_the_register_s_today(example_path: Path, tmp_path: Path) -> None:
    with riskreg.Register.open(example_path, user="anna",
                               today=lambda: date(2026, 1, 1)) as reg:
        riskreg.export_reports(reg, tmp_path / "tidigt", recipients=VANERSBORG, formats="md")
    assert "försenad" not in read(tmp_path / "tidigt", "md")
