"""A municipality's submission, like an internal item, never leaves the register (issue 10):
no report, no index or manifest, no dump for sharing, no shared graph and no shared hash
shows it, names it or changes because of it. Nor does a risk's acceptance (the central
team's own record, which an internal decision can make lapse)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from strategies import fixed_today, new_register

import riskreg
from riskreg import (
    Acceptance,
    Action,
    Rating,
    ReviewReason,
    Risk,
    Scope,
    Visibility,
)
from riskreg.exchange import dumps

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
GOTEBORG, PARTILLE = "1480", "1402"
SECRET = "HEMLIG inlämning från Göteborg"


def _risk(key: str, **fields: object) -> Risk:
    fields.setdefault("title", f"Risk {key}")
    return Risk(key=key, area="it", inherent=Rating(3, 3), created=TODAY,
                **fields)  # type: ignore[arg-type]


def _register(path: Path, description: str = "", **second: object) -> riskreg.Register:
    register = new_register(path, today=fixed_today)
    with register.batch(why="uppbyggnad"):
        register.new_decision(key="KL-2022-01", decided_on="2022-03-01", title="Beslut",
                              validity="applies")
        register.add_risk(_risk("R-001", description=description))
        register.add_risk(_risk("R-002", scope=Scope.municipalities(GOTEBORG), **second))
        register.link("R-001", "mitigated_by", "KL-2022-01")
    return register


def _outputs(reg: riskreg.Register, out: Path) -> dict[str, bytes]:
    """Everything that leaves the register: the reports to Göteborg and Partille in every
    format with index and manifest, the shared dump, the shared graph, the shared hash."""
    riskreg.export_reports(reg, out, recipients=f"{GOTEBORG},{PARTILLE}", now=NOW,
                           generated_by="testare", record=False)
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    files["dump --shared-only"] = dumps(reg, shared_only=True).encode()
    graph = riskreg.shared_graph(reg)
    files["graph.json"] = json.dumps(graph.to_json(), sort_keys=True).encode()
    files["graph.mermaid"] = graph.to_mermaid().encode()
    files["shared hash"] = riskreg.shared_content_hash(reg).encode()
    return files


def test_a_submission_is_in_no_report_dump_graph_or_hash(tmp_path: Path) -> None:
    reg = _register(tmp_path / "db" / "riskreg.json")
    before = _outputs(reg, tmp_path / "before")
    # Göteborg's own risk, concerning Göteborg, linked to a shared risk, changed
    submission = reg.add_risk(_risk(
        "R-003", title=SECRET, visibility=Visibility.SUBMITTED, submitted_by=GOTEBORG,
        scope=Scope.municipalities(GOTEBORG), reported_by=(GOTEBORG,),
        actions=(Action("Egen rutin", organisation=GOTEBORG),)))
    reg.link("R-003", "aggravates", "R-002", note="Göteborg ser R-003 som orsak")
    reg.update_risk("R-003", description="ändrad av Göteborg")
    assert submission.is_submission and "R-003" in reg.unshared_keys()
    after = _outputs(reg, tmp_path / "after")
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []
    for name, data in after.items():
        text = data.decode("utf-8", "replace")
        assert SECRET not in text and "R-003" not in text, name
    # the register itself has it, and its own (not shared) dump too
    assert reg.risk("R-003").title == SECRET
    assert SECRET in dumps(reg)


def test_an_item_that_names_a_submission_is_cut_like_one_naming_an_internal_item(
    tmp_path: Path,
) -> None:
    reg = _register(tmp_path / "db" / "riskreg.json", "Se R-003 för Göteborgs egen bild.")
    reg.add_risk(_risk("R-003", title=SECRET, visibility=Visibility.SUBMITTED,
                       submitted_by=GOTEBORG))
    doc = json.loads(dumps(reg, shared_only=True))
    assert [r["key"] for r in doc["risks"]] == ["R-001", "R-002"]
    assert doc["risks"][0]["description"] == "Se […] för Göteborgs egen bild."


def test_an_acceptance_never_leaves_the_register(tmp_path: Path) -> None:
    """Two registers that differ only in a risk's acceptance and the review reasons it left
    when it lapsed give the same reports, shared dump, graph and hash."""
    acceptance = Acceptance(proposed_by="anna", proposed_on=TODAY, rationale="Låg risk",
                            expires=date(2027, 3, 31), approved_by="bo", approved_on=TODAY)
    lapsed = ReviewReason("acceptance_lapsed", "KL-2022-01", "validity applies -> suspended",
                          TODAY)
    plain = _register(tmp_path / "plain" / "riskreg.json")
    accepted = _register(tmp_path / "accepted" / "riskreg.json", acceptance=acceptance,
                         review_reasons=(lapsed,))
    assert accepted.risk("R-002").accepted(TODAY) and accepted.risk("R-002").needs_review
    expected = _outputs(plain, tmp_path / "plain-out")
    found = _outputs(accepted, tmp_path / "accepted-out")
    assert [name for name in expected if expected[name] != found[name]] == []
    assert "acceptance" in dumps(accepted) and "acceptance" not in dumps(accepted,
                                                                          shared_only=True)


def test_a_municipalitys_list_is_not_matched_to_another_ones_pending_submission(
    tmp_path: Path,
) -> None:
    """import-submission matches a list against the joint analysis only: a row like
    Partille's pending submission becomes a risk of its own, not a recognition of it."""
    reg = _register(tmp_path / "db" / "riskreg.json")
    reg.add_risk(_risk("R-003", title="Läkemedelslistan saknas vid utskrivning",
                       visibility=Visibility.SUBMITTED, submitted_by=PARTILLE))
    listing = tmp_path / "goteborg.csv"
    listing.write_text("Titel;Riskområde;Sannolikhet;Konsekvens\n"
                       "Läkemedelslistan saknas vid utskrivning;it;3;3\n", "utf-8")
    result = riskreg.import_submission(reg, listing, GOTEBORG)
    assert [(row.action, row.key) for row in result.rows] == [("new", "R-004")]
    assert reg.risk("R-003").reported_by == ()
    assert reg.risk("R-004").reported_by == (GOTEBORG,)
