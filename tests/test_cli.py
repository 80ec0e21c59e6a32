"""The ``riskreg`` command line: every command, its JSON, its exit codes, and bad input.

Bad input must give exit 2, one line on stderr (no traceback) and leave the
register file byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import riskreg
from riskreg.cli import cli
from riskreg.cli_output import Column, clip, table

TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", TODAY)
    monkeypatch.setenv("RISKREG_USER", "tester")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("RISKREG_LANG", raising=False)
    monkeypatch.delenv("RISKREG_DB", raising=False)


def run(db: Path | None, *args: str, code: int | None = 0) -> Result:
    """Invoke the CLI (with --db when given) and check the exit code."""
    argv = (["--db", str(db)] if db is not None else []) + list(args)
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, (argv, result.exit_code, result.stdout, result.stderr)
    return result


def run_json(db: Path, *args: str, code: int = 0) -> Any:
    result = run(db, *args, "--json", code=code)
    return json.loads(result.stdout)


def assert_one_line_error(result: Result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr
    assert "Traceback" not in err and "Traceback" not in result.stdout
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("riskreg: ")
    for fragment in fragments:
        assert fragment in err, err
    return err


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A small register: two areas, three risks, three decisions, a few links."""
    db = tmp_path / "small.json"
    run(db, "init", "--name", "Liten", "--area", "teknik=Teknik och integrationer",
        "--area", "styrning=Styrning och beslutsmandat")
    run(db, "decision", "add", "--key", "KL-2021-04", "--decided-on", "2021-05-04",
        "--title", "Gemensam informationsmodell", "--validity", "applies")
    run(db, "decision", "add", "--key", "KL-2022-07", "--decided-on", "2022-06-14",
        "--title", "Patientsäkerhetsrutin vid vårdövergång", "--validity", "applies",
        "--care-area", "Hemsjukvård", "--target-group", "Projektledare")
    run(db, "decision", "add", "--key", "KL-2023-02", "--decided-on", "2023-02-07",
        "--title", "Licenser under införandet", "--validity", "uncertain",
        "--review-by", "2027-01-31")
    assert run(db, "risk", "add", "--title", "Integrationer åldras", "--area", "teknik",
               "--likelihood", "3", "--impact", "4", "--consequence", "Driftstopp",
               "--reported-by", "1480", "--reported-by", "Borås", "--owner", "IT-chef",
               "--why", "Från riskanalysen").stdout == "R-001\n"
    run(db, "risk", "add", "--title", "Oklart mandat", "--area", "styrning",
        "--likelihood", "2", "--impact", "2", "--scope", "association:Fyrbodal")
    run(db, "risk", "add", "--title", "Avtal löper ut", "--area", "styrning",
        "--likelihood", "2", "--impact", "3", "--internal")
    run(db, "link", "add", "R-001", "mitigated_by", "KL-2022-07", "--note", "rutinen")
    run(db, "link", "add", "KL-2022-07", "depends_on", "KL-2021-04")
    run(db, "link", "add", "R-002", "aggravates", "R-001")
    return db


def snapshot(db: Path) -> tuple[bytes, bytes | None]:
    history = db.with_name(db.name + ".history.jsonl")
    return db.read_bytes(), history.read_bytes() if history.exists() else None


# --- init ------------------------------------------------------------------------------------


def test_init_creates_an_empty_register_with_areas(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    out = run(db, "init", "--area", "teknik=Teknik", "--area", "styrning=Styrning").stdout
    assert "Skapade registret" in out and "2 riskområden" in out
    assert run_json(db, "risk", "list") == {"count": 0, "risks": []}
    with riskreg.Register.open(db) as reg:
        assert [c.key for c in reg.categories()] == ["teknik", "styrning"]
        assert reg.matrix == riskreg.RiskMatrix.swedish_4x4()


def test_area_add_and_list(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    run(db, "init")
    assert "Inga träffar" in run(db, "area", "list").stdout
    assert "Riskområde tillagt: teknik" in run(db, "area", "add", "teknik", "Teknik").stdout
    run(db, "risk", "add", "--title", "T", "--area", "teknik", "--likelihood", "1",
        "--impact", "1")
    assert run_json(db, "area", "list") == {"count": 1, "areas": [
        {"key": "teknik", "name": "Teknik", "description": "", "risks": 1}]}
    before = snapshot(db)
    assert_one_line_error(run(db, "area", "add", "teknik", "Igen", code=None), "finns redan")
    assert_one_line_error(run(db, "area", "add", "Teknik Ö", "X", code=None), "key")
    assert snapshot(db) == before


def test_init_5x5_matrix(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    run(db, "init", "--matrix", "5x5", "--area", "a=A")
    run(db, "risk", "add", "--title", "T", "--area", "a", "--likelihood", "5", "--impact", "5")
    assert run_json(db, "risk", "show", "R-001")["value"] == 25


def test_init_refuses_an_existing_file(small: Path) -> None:
    before = snapshot(small)
    result = run(small, "init", code=None)
    assert_one_line_error(result, "finns redan")
    assert snapshot(small) == before


def test_init_bad_area_spec(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    assert_one_line_error(run(db, "init", "--area", "utan-namn", code=None), "NYCKEL=NAMN")
    assert_one_line_error(run(db, "init", "--area", "Ä Ö=x", code=None), "key")
    assert not db.exists()


def test_init_example(tmp_path: Path) -> None:
    db = tmp_path / "ex.json"
    out = run(db, "init", "--example").stdout
    assert "69 beslut" in out and "8 riskområden" in out
    doc = run_json(db, "decision", "list")
    assert doc["count"] == 69 and len(doc["decisions"]) == 69
    assert doc["by_validity"] == {"applies": 16, "uncertain": 5, "suspended": 48, "unreviewed": 0}
    assert run(db, "init", "--example", code=2).stderr.count("\n") == 1


# --- the example register ------------------------------------------------------------------


def test_decision_list_json_on_example(example_path: Path) -> None:
    doc = run_json(example_path, "decision", "list")
    validities = [d["validity"] for d in doc["decisions"]]
    assert (validities.count("applies"), validities.count("uncertain"),
            validities.count("suspended")) == (16, 5, 48)
    uncertain = run_json(example_path, "decision", "list", "--validity", "uncertain")
    assert uncertain["count"] == 5
    assert all(d["review_by"] for d in uncertain["decisions"])  # ISO dates
    assert all(len(d["review_by"]) == 10 for d in uncertain["decisions"])


def test_check_on_example_exits_1_with_conflicts_and_exposed_risks(example_path: Path) -> None:
    human = run(example_path, "check", code=1)
    assert "Fel (" in human.stdout and "gäller men bygger på" in human.stdout
    assert "saknar mildrande beslut som gäller nu" in human.stdout
    doc = run_json(example_path, "check", code=1)
    codes = {f["code"] for f in doc["findings"] if f["severity"] == "error"}
    assert {"conflict", "exposed"} <= codes
    assert doc["ok"] is False and doc["counts"]["error"] == len(
        [f for f in doc["findings"] if f["severity"] == "error"])
    with riskreg.Register.open(example_path) as reg:  # the CLI says what the library says
        assert len(doc["findings"]) == len(reg.check())
    english = run(example_path, "--lang", "en", "check", code=1).stdout
    assert "Errors (" in english and "applies but depends on" in english


def test_impact_if_suspended_lists_risks_with_paths(example_path: Path) -> None:
    with riskreg.Register.open(example_path) as reg:
        key = next(
            d.key for d in reg.decisions(validity="applies")
            if any(i.kind is riskreg.ItemKind.RISK and i.effect == "loses_mitigation"
                   for i in reg.graph.impact(d.key, riskreg.Validity.SUSPENDED))
        )
        expected = reg.graph.impact(key, riskreg.Validity.SUSPENDED)
    doc = run_json(example_path, "impact", key, "--if", "suspended")
    assert doc["key"] == key and doc["if"] == "suspended" and doc["validity"] == "applies"
    assert [a["key"] for a in doc["affected"]] == [i.key for i in expected]
    risks = [a for a in doc["affected"] if a["kind"] == "risk"]
    assert risks and all(a["path"] and a["path"][0]["target"] == key for a in risks)
    lost = next(a for a in risks if a["effect"] == "loses_mitigation")
    assert lost["path"] == [{"source": lost["key"], "relation": "mitigated_by", "target": key}]
    out = run(example_path, "impact", key, "--if", "suspended").stdout
    assert f"Om {key} blir gäller inte under pausen" in out
    assert f"{lost['key']} mildras av {key}" in out
    assert "förlorar sin" in out  # effect.loses_mitigation (may wrap)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_impact_at_80_columns_shows_every_title_whole(example_path: Path, lang: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns the titles wrap (a long word is broken, never cut): every letter of
    every affected item's title is in the table, and no cell ends in "…"."""
    monkeypatch.setenv("COLUMNS", "80")
    with riskreg.Register.open(example_path) as reg:
        impacts = reg.graph.impact("KL-2022-07", riskreg.Validity.SUSPENDED)
        titles = [reg.get(i.key).title for i in impacts]
    out = run(example_path, "--lang", lang, "impact", "KL-2022-07", "--if", "suspended").stdout
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("-" * 10))
    assert all(len(line) <= 80 for line in lines[start - 1:])
    assert not any("…" in line for line in lines[start:])
    column = lines[start - 1].index("Titel" if lang == "sv" else "Title")
    width = lines[start].index(" ", column) - column
    letters = "".join(line[column:column + width].replace(" ", "") for line in lines[start + 1:])
    for title in titles:
        assert title.replace(" ", "") in letters, title


def test_risk_list_and_show_on_example(example_path: Path) -> None:
    doc = run_json(example_path, "risk", "list", "--level", "high")
    assert doc["count"] > 0 and {r["level"] for r in doc["risks"]} == {"high"}
    out = run(example_path, "risk", "list").stdout
    header = out.splitlines()[0]
    assert header.split()[:3] == ["Nyckel", "Område", "Titel"]
    assert all(len(line) <= 120 for line in out.splitlines())
    assert "…" in out  # long titles are cut
    key = doc["risks"][0]["key"]
    shown = run_json(example_path, "risk", "show", key)
    assert shown["key"] == key and shown["history"] and "links" in shown


# --- risks on the small register ---------------------------------------------------------------


def test_risk_show_human_and_json(small: Path) -> None:
    out = run(small, "risk", "show", "R-001").stdout
    assert "3 × 4 = 12 (Mycket hög)" in out
    assert "Göteborg (1480)" in out and "Borås (1490)" in out
    assert "mildras av KL-2022-07 (gäller nu): Patientsäkerhetsrutin" in out
    assert "förvärras av R-002" in out
    assert "Nästa granskning  2026-12-22" in out
    assert "tillagd – Från riskanalysen" in out
    doc = run_json(small, "risk", "show", "R-001")
    assert doc["inherent"] == {"likelihood": 3, "impact": 4, "value": 12, "level": "very_high"}
    assert doc["value"] == 12 and doc["level"] == "very_high" and doc["residual"] is None
    assert doc["next_review_due"] == "2026-12-22" and doc["reported_by"] == ["1480", "1490"]
    link = next(x for x in doc["links"] if x["key"] == "KL-2022-07")
    assert link == {"key": "KL-2022-07", "relation": "mitigated_by", "direction": "outgoing",
                    "note": "rutinen", "kind": "decision",
                    "title": "Patientsäkerhetsrutin vid vårdövergång", "validity": "applies"}
    assert doc["history"][0]["action"] == "add" and doc["history"][0]["user"] == "tester"


def test_risk_list_filters(small: Path) -> None:
    def keys(*args: str) -> list[str]:
        return [r["key"] for r in run_json(small, "risk", "list", *args)["risks"]]

    assert keys() == ["R-001", "R-002", "R-003"]
    assert keys("--area", "styrning") == ["R-002", "R-003"]
    assert keys("--level", "Mycket hög") == ["R-001"]
    assert keys("--search", "MANDAT") == ["R-002"]
    assert keys("--org", "Göteborg") == ["R-001", "R-003"]  # reported by, or scope all
    assert keys("--org", "Uddevalla") == ["R-001", "R-002", "R-003"]  # Fyrbodal
    assert keys("--status", "identified") == ["R-001", "R-002", "R-003"]
    assert keys("--needs-review") == []
    assert "Inga träffar" in run(small, "risk", "list", "--status", "closed").stdout


def test_risk_edit_actions_and_review(small: Path) -> None:
    out = run(small, "risk", "edit", "R-001", "--likelihood", "2", "--residual-likelihood", "1",
              "--residual-impact", "4", "--status", "treating", "--add-action", "Uppgradera",
              "--action-owner", "IT", "--action-due", "2026-12-31", "--why", "Ny bedömning").stdout
    assert "R-001 ändrad" in out
    doc = run_json(small, "risk", "show", "R-001")
    assert doc["inherent"]["likelihood"] == 2 and doc["inherent"]["impact"] == 4
    assert doc["residual"]["value"] == 4 and doc["status"] == "treating"
    assert doc["actions"] == [{"number": 1, "text": "Uppgradera", "owner": "IT",
                               "status": "proposed", "due": "2026-12-31"}]
    run(small, "risk", "edit", "R-001", "--action-done", "1", "--add-consequence", "Dataförlust",
        "--why", "Klart")
    doc = run_json(small, "risk", "show", "R-001")
    assert doc["actions"][0]["status"] == "done"
    assert doc["consequences"] == ["Driftstopp", "Dataförlust"]
    run(small, "risk", "edit", "R-001", "--no-residual", "--shared", "--why", "x")
    assert run_json(small, "risk", "show", "R-001")["residual"] is None
    changes = run_json(small, "history", "R-001")["changes"]
    updates = [c for c in changes if c["action"] == "update"]
    assert updates[-1]["why"] == "x" and updates[0]["fields"] == [
        "actions", "inherent", "residual", "status"]
    out = run(small, "risk", "review", "R-001", "--note", "Genomgången").stdout
    assert "R-001 granskad 2026-11-22" in out
    assert run_json(small, "risk", "show", "R-001")["last_reviewed"] == TODAY


def test_assess_prints_flagged_items_and_they_need_review(small: Path) -> None:
    out = run(small, "decision", "assess", "KL-2021-04", "--validity", "suspended",
              "--rationale", "Bygger på Millennium").stdout
    assert "KL-2021-04: gäller nu → gäller inte under pausen" in out
    assert "Flaggade för granskning (2)" in out
    assert "R-001 mildras av KL-2022-07; KL-2022-07 bygger på KL-2021-04" in out
    flagged = run_json(small, "risk", "list", "--needs-review")["risks"]
    assert [r["key"] for r in flagged] == ["R-001"]  # R-002 aggravates R-001, not the reverse
    assert run_json(small, "decision", "show", "KL-2022-07")["needs_review"] is True
    shown = run(small, "risk", "show", "R-001").stdout
    assert "KL-2021-04 ändrades: gäller nu → gäller inte under pausen" in shown
    doc = run_json(small, "decision", "show", "KL-2021-04")
    assert doc["validity"] == "suspended" and doc["assessment"]["by"] == "tester"
    conflict = run(small, "check", code=1).stdout
    assert "KL-2022-07 gäller men bygger på KL-2021-04" in conflict
    # same validity again: nothing new is flagged
    out = run(small, "decision", "assess", "KL-2021-04", "--validity", "suspended",
              "--rationale", "Oförändrat").stdout
    assert "Inget annat flaggades" in out


def test_decision_list_show_and_filters(small: Path) -> None:
    out = run(small, "decision", "list").stdout
    assert out.splitlines()[0].split()[:3] == ["Nyckel", "Beslutat", "Giltighet"]
    assert "under bedömning" in out and "2027-01-31" in out
    due = run_json(small, "decision", "list", "--due-within", "70")["decisions"]
    assert [d["key"] for d in due] == ["KL-2023-02"]
    assert run_json(small, "decision", "list", "--due-within", "60")["count"] == 0
    assert run_json(small, "decision", "list", "--care-area", "hemsjukvård")["count"] == 1
    shown = run(small, "decision", "show", "KL-2022-07").stdout
    assert "mildrar R-001 (Mycket hög 12): Integrationer åldras" in shown
    assert "bygger på KL-2021-04 (gäller nu)" in shown


def test_link_add_and_remove(small: Path) -> None:
    assert "Länk tillagd: R-003 orsakas av KL-2023-02" in run(
        small, "link", "add", "R-003", "caused_by", "KL-2023-02").stdout
    assert "Länk borttagen" in run(small, "link", "remove", "R-003", "caused_by",
                                   "KL-2023-02").stdout
    before = snapshot(small)
    assert_one_line_error(run(small, "link", "remove", "R-003", "caused_by", "KL-2023-02",
                              code=None), "ingen länk")
    assert_one_line_error(run(small, "link", "add", "KL-2021-04", "depends_on", "KL-2022-07",
                              code=None), "cirkel")
    assert snapshot(small) == before


def test_history_and_limit(small: Path) -> None:
    doc = run_json(small, "history")
    assert doc["total"] == doc["count"] == 9
    assert doc["changes"][0]["action"] == "add" and doc["changes"][0]["at"].startswith("20")
    assert run_json(small, "history", "--limit", "2")["count"] == 2
    one = run_json(small, "history", "KL-2022-07")
    assert [c["action"] for c in one["changes"]] == ["add", "link", "link"]
    out = run(small, "history", "--limit", "3").stdout
    assert "R-002 förvärrar R-001" in out and "Visar de senaste 3 av 9" in out
    assert_one_line_error(run(small, "history", "R-099", code=None), "R-099")


def test_choices_take_the_words_of_either_language_and_the_stored_value(
        example_path: Path) -> None:
    """--status, --validity, --relation... take what the user reads: the Swedish word, the
    English word or the stored value, in any case, with spaces, - or _ alike."""
    def keys(*args: str) -> list[str]:
        doc = run_json(example_path, *args)
        items = doc["risks"] if "risks" in doc else doc["decisions"]
        return sorted(x["key"] for x in items)

    assessed = keys("risk", "list", "--status", "assessed")
    assert assessed
    for spelled in ("bedömd", "Bedömd", "ASSESSED"):
        assert keys("risk", "list", "--status", spelled) == assessed
    suspended = keys("decision", "list", "--validity", "suspended")
    for spelled in ("gäller inte under pausen", "gäller-inte-under-pausen",
                    "suspended during the pause", "Suspended_During_The_Pause"):
        assert keys("decision", "list", "--validity", spelled) == suspended
    assert keys("risk", "list", "--level", "hög") == keys("risk", "list", "--level", "high")
    run(example_path, "link", "add", "R-002", "förvärrar", "R-003", "--why", "samma orsak")
    run(example_path, "link", "remove", "R-002", "aggravates", "R-003", "--why", "fel")
    result = run(example_path, "--lang", "en", "decision", "list", "--validity", "perhaps",
                 code=2)
    assert_one_line_error(result, "applies-now", "suspended-during-the-pause")
    result = run(example_path, "decision", "list", "--validity", "kanske", code=2)
    assert_one_line_error(result, "gäller-nu", "gäller-inte-under-pausen")


def test_graph_formats(small: Path, tmp_path: Path) -> None:
    assert run(small, "graph").stdout.startswith("digraph riskreg {")
    assert 'R_001 -->|"mildras av"| KL_2022_07' in run(small, "graph", "--format",
                                                         "mermaid").stdout
    assert 'KL_2022_07["KL-2022-07 (gäller nu)"]' in run(small, "graph", "--format",
                                                          "mermaid").stdout
    assert "<graphml" in run(small, "graph", "--format", "graphml").stdout
    doc = json.loads(run(small, "graph", "--format", "json").stdout)
    assert {n["key"] for n in doc["nodes"]} >= {"R-001", "KL-2021-04"} and len(doc["links"]) == 3
    out = tmp_path / "g.dot"
    assert "Skrev" in run(small, "graph", "--out", str(out)).stdout
    assert out.read_text("utf-8").startswith("digraph")


def test_english_headers_and_messages(small: Path) -> None:
    out = run(small, "--lang", "en", "risk", "list").stdout
    assert out.splitlines()[0].split()[:3] == ["Key", "Area", "Title"]
    assert "Very high" in out
    err = run(small, "--lang", "en", "risk", "add", "--title", "x", "--area", "zz",
              "--likelihood", "1", "--impact", "1", code=None)
    assert_one_line_error(err, "riskreg: error: Unknown risk area 'zz'")


def test_env_db_and_lang(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_DB", str(small))
    monkeypatch.setenv("RISKREG_LANG", "en")
    assert run(None, "decision", "list").stdout.startswith("Key")


def test_help_everywhere() -> None:
    for path in ([], ["init"], ["area"], ["area", "list"], ["area", "add"], ["risk"],
                 ["risk", "list"], ["risk", "show"], ["risk", "add"],
                 ["risk", "edit"], ["risk", "review"], ["decision"], ["decision", "list"],
                 ["decision", "show"], ["decision", "add"], ["decision", "assess"], ["link"],
                 ["link", "add"], ["link", "remove"], ["impact"], ["check"], ["graph"],
                 ["history"]):
        for lang, usage in (("sv", "Användning: riskreg"), ("en", "Usage: riskreg")):
            result = run(None, "--lang", lang, *path, "--help")
            assert usage in result.stdout


# --- bad input ------------------------------------------------------------------------------------

BAD_INPUT = {
    "unknown area": (["risk", "add", "--title", "T", "--area", "zz", "--likelihood", "1",
                      "--impact", "1"], "Okänt riskområde 'zz'; finns: teknik, styrning"),
    "likelihood 9": (["risk", "add", "--title", "T", "--area", "teknik", "--likelihood", "9",
                      "--impact", "1"], "9"),
    "likelihood not a number": (["risk", "add", "--title", "T", "--area", "teknik",
                                 "--likelihood", "tre", "--impact", "1"], "'--likelihood'"),
    "missing title": (["risk", "add", "--area", "teknik", "--likelihood", "1", "--impact", "1"],
                      "'--title' saknas"),
    "empty title": (["risk", "add", "--title", " ", "--area", "teknik", "--likelihood", "1",
                     "--impact", "1"], "title"),
    "half a residual": (["risk", "add", "--title", "T", "--area", "teknik", "--likelihood", "1",
                         "--impact", "1", "--residual-impact", "1"], "--residual-likelihood"),
    "unknown reporter": (["risk", "add", "--title", "T", "--area", "teknik", "--likelihood", "1",
                          "--impact", "1", "--reported-by", "Stockholm"], "Stockholm"),
    "bad scope": (["risk", "add", "--title", "T", "--area", "teknik", "--likelihood", "1",
                   "--impact", "1", "--scope", "county"], "omfattning"),
    "unknown association": (["risk", "add", "--title", "T", "--area", "teknik", "--likelihood",
                             "1", "--impact", "1", "--scope", "association:Norrbotten"],
                            "Norrbotten"),
    "duplicate key": (["risk", "add", "--key", "R-001", "--title", "T", "--area", "teknik",
                       "--likelihood", "1", "--impact", "1"], "R-001 finns redan"),
    "link to a missing key": (["link", "add", "R-001", "mitigated_by", "KL-2020-99"],
                              "KL-2020-99 finns inte"),
    "link of wrong kinds": (["link", "add", "KL-2021-04", "mitigated_by", "R-001"],
                            "KL-2021-04"),
    "unknown relation": (["link", "add", "R-001", "helps", "KL-2021-04"], "helps"),
    "bad date": (["decision", "add", "--key", "KL-2024-05", "--decided-on", "2024-02-30",
                  "--title", "T"], "2024-02-30"),
    "year not matching key": (["decision", "add", "--key", "KL-2024-05", "--decided-on",
                               "2023-02-01", "--title", "T"], "KL-2024-05"),
    "uncertain without review-by": (["decision", "assess", "KL-2021-04", "--validity",
                                     "uncertain", "--rationale", "r"], "review-by"),
    "bad validity": (["decision", "assess", "KL-2021-04", "--validity", "maybe",
                      "--rationale", "r"], "maybe"),
    "unknown risk": (["risk", "edit", "R-404", "--title", "x", "--why", "w"], "R-404"),
    "nothing to change": (["risk", "edit", "R-001", "--why", "w"], "Inget att ändra"),
    "edit without why": (["risk", "edit", "R-001", "--title", "x"], "'--why' saknas"),
    "action number": (["risk", "edit", "R-001", "--action-done", "4", "--why", "w"],
                      "nummer 4"),
    "action options alone": (["risk", "edit", "R-001", "--action-owner", "x", "--why", "w"],
                             "--add-action"),
    "review unknown": (["risk", "review", "R-404"], "R-404"),
    "impact --if on a risk": (["impact", "R-001", "--if", "suspended"], "--if"),
    "unknown option": (["risk", "list", "--colour"], "--colour"),
    "unknown command": (["risks"], "risks"),
    "bad level": (["risk", "list", "--level", "enorm"], "enorm"),
    "negative limit": (["history", "--limit", "-1"], "-1"),
    "bad language": (["--lang", "de", "risk", "list"], "de"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_one_line_exit_2_and_the_file_is_untouched(small: Path, case: str) -> None:
    args, fragment = BAD_INPUT[case]
    before = snapshot(small)
    result = run(small, *args, code=None)
    assert_one_line_error(result, fragment)
    assert result.stdout == ""
    assert snapshot(small) == before


@pytest.mark.parametrize("content", [b"", b"   \n", b'{"_meta": {"1": {"name": "x", "sch'])
@pytest.mark.parametrize("command", [["risk", "list"], ["check"],
                                     ["risk", "add", "--title", "T", "--area", "teknik",
                                      "--likelihood", "1", "--impact", "1"]])
def test_empty_or_torn_file_is_a_one_line_error(
    tmp_path: Path, content: bytes, command: list[str]
) -> None:
    db = tmp_path / "torn.json"
    db.write_bytes(content)
    result = run(db, *command, code=None)
    assert_one_line_error(result, "går inte att läsa")
    assert db.read_bytes() == content


def test_missing_register_is_a_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "none.json"
    assert_one_line_error(run(db, "risk", "list", code=None), "riskreg init")
    assert not db.exists()


# --- the formatter -------------------------------------------------------------------------------


def test_table_aligns_and_cuts_long_cells() -> None:
    text = table([Column("Nyckel"), Column("Titel", flex=True, min_width=8),
                  Column("Värde", right=True)],
                 [["R-001", "En mycket lång titel som inte får plats", 12], ["R-002", "Kort", 3]],
                 width=30)
    lines = text.splitlines()
    assert lines[0] == "Nyckel  Titel            Värde"
    assert lines[1] == "------  ---------------  -----"
    assert lines[2] == "R-001   En mycket lång…     12"
    assert lines[3] == "R-002   Kort                 3"
    assert max(len(line) for line in lines) == 30
    assert clip("åäö " * 10, 6) == "åäö å…"


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture
def subprocess_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKREG_")}
    env.update(RISKREG_TODAY=TODAY, RISKREG_USER="tester")
    yield env


def test_python_dash_m_end_to_end(small: Path, subprocess_env: dict[str, str]) -> None:
    base = [sys.executable, "-m", "riskreg.cli", "--db", str(small)]
    done = subprocess.run([*base, "risk", "list", "--json"], capture_output=True,
                          env=subprocess_env, check=False)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout.decode("utf-8"))
    assert doc["count"] == 3 and "Integrationer åldras" in done.stdout.decode("utf-8")
    before = snapshot(small)
    bad = subprocess.run([*base, "risk", "add", "--title", "T", "--area", "teknik",
                          "--likelihood", "x", "--impact", "1"], capture_output=True,
                         env=subprocess_env, check=False)
    assert bad.returncode == 2
    err = bad.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "Traceback" not in err and "'--likelihood'" in err
    assert snapshot(small) == before
    checked = subprocess.run([*base, "check"], capture_output=True, env=subprocess_env,
                             check=False)
    assert checked.returncode == 0, checked.stdout


def test_cli_does_not_import_textual_or_rich(subprocess_env: dict[str, str]) -> None:
    code = ("import sys, riskreg.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env, check=True)
    assert done.stdout.strip() == "[]"


def test_graph_leaves_internal_items_out_unless_asked(tmp_path: Path) -> None:
    import riskreg

    db = tmp_path / "riskreg.json"
    riskreg.build_example(db, user="t").close()
    with riskreg.Register.open(db) as reg:
        internal = reg.internal_keys()
    assert internal
    runner = CliRunner()
    shared = runner.invoke(cli, ["--db", str(db), "graph", "--format", "json"])
    everything = runner.invoke(
        cli, ["--db", str(db), "graph", "--format", "json", "--include-internal"]
    )
    assert shared.exit_code == 0 and everything.exit_code == 0
    assert not any(key in shared.output for key in internal)
    assert all(key in everything.output for key in internal)
