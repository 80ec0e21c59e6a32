"""Nothing internal leaves the register (DESIGN.md invariant 3, issue 8 items 4 and 5).

A report is a function of the shared items that concern its recipient alone: what an
internal item is, whether it applies, what it is linked to and whether it exists at all
never changes a byte of a report, of its hash, of the manifest or the index, of a dump
for sharing or of the shared dependency graph. These are the examples that showed the
leaks; ``tests/faults/test_fault_internal_only.py`` checks the same as a property over
random registers and random internal-only changes.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from strategies import fixed_today, new_register

import riskreg
from riskreg import Decision, Rating, Risk, Scope, Validity, Visibility
from riskreg.cli import cli
from riskreg.exchange import dumps

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
GOTEBORG, PARTILLE = "1480", "1402"


def _export(reg: riskreg.Register, out: Path, recipients: str = GOTEBORG,
            record: bool = False) -> dict[str, bytes]:
    """Every file an export writes, by name (the stamp is the same: same time, same user)."""
    riskreg.export_reports(reg, out, recipients=recipients, now=NOW, generated_by="testare",
                           record=record)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _differing(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    assert before.keys() == after.keys()
    return [name for name in before if before[name] != after[name]]


def _decision(key: str, validity: Validity = Validity.APPLIES, **fields: object) -> Decision:
    year = int(key.split("-")[1])
    review_by = TODAY if validity is Validity.UNCERTAIN else None
    fields.setdefault("title", f"Beslut {key}")
    return Decision(key=key, decided_on=date(year, 3, 1), validity=validity,
                    review_by=review_by, **fields)  # type: ignore[arg-type]


def _risk(key: str, rating: Rating | None = None, **fields: object) -> Risk:
    fields.setdefault("title", f"Risk {key}")
    return Risk(key=key, area="it", inherent=rating or Rating(2, 2), created=TODAY,
                **fields)  # type: ignore[arg-type]


@pytest.fixture
def reg(tmp_path: Path) -> riskreg.Register:
    """A shared risk mitigated only by an internal decision (the example of issue 8, item 4),
    a second shared risk, a shared decision that depends on the internal one."""
    register = new_register(tmp_path / "db" / "riskreg.json", today=fixed_today)
    with register.batch(why="uppbyggnad"):
        register.add_decision(_decision("KL-2024-91", visibility=Visibility.INTERNAL,
                                        title="HEMLIGT internt beslut"))
        register.add_decision(_decision("KL-2022-01"))
        register.add_risk(_risk("R-001", Rating(2, 3)))
        register.add_risk(_risk("R-002", Rating(4, 4)))
        register.link("R-001", "mitigated_by", "KL-2024-91")
        register.link("KL-2022-01", "depends_on", "KL-2024-91")
        register.link("R-002", "mitigated_by", "KL-2022-01",
                      note="Ersätter tillfälligt KL-2024-91")
    return register


def test_assessing_an_internal_decision_changes_no_report(reg: riskreg.Register,
                                                          tmp_path: Path) -> None:
    before = _export(reg, tmp_path / "before", recipients=f"{GOTEBORG},{PARTILLE}")
    reg.assess("KL-2024-91", Validity.SUSPENDED, rationale="Gäller inte under pausen")
    assert reg.risk("R-001").needs_review  # flagged inside the register, as it should be
    after = _export(reg, tmp_path / "after", recipients=f"{GOTEBORG},{PARTILLE}")
    assert _differing(before, after) == []
    doc = json.loads(after["1480-goteborg.json"])
    risk = next(r for r in doc["risks"] if r["key"] == "R-001")
    assert risk["mitigated_by"] == []
    assert doc["summary"]["exposed"] == 0  # not high, and no mitigation Göteborg may see
    assert doc["summary"]["conflicts"] == 0  # KL-2022-01 rests on an internal decision only


def test_exposure_counts_only_the_decisions_the_recipient_sees(tmp_path: Path) -> None:
    """A decision that concerns Göteborg alone mitigates nothing in Partille's report."""
    register = new_register(tmp_path / "db" / "riskreg.json", today=fixed_today)
    with register.batch(why="uppbyggnad"):
        register.add_decision(_decision("KL-2023-05", Validity.SUSPENDED,
                                        scope=Scope.municipalities(GOTEBORG)))
        register.add_risk(_risk("R-001", Rating(2, 2)))
        register.link("R-001", "mitigated_by", "KL-2023-05")
    before = _export(register, tmp_path / "before", recipients=PARTILLE)
    doc = json.loads(before["1402-partille.json"])
    assert doc["exposed"] == []  # low, and no mitigation Partille sees
    register.assess("KL-2023-05", Validity.APPLIES, rationale="Gäller igen")
    after = _export(register, tmp_path / "after", recipients=PARTILLE)
    # the reports are the same; manifest and index carry the hash of all shared content
    assert _differing(before, after) == ["index.html", "manifest.json"]
    goteborg = json.loads(_export(register, tmp_path / "g", recipients=GOTEBORG)[
        "1480-goteborg.json"])
    assert goteborg["risks"][0]["mitigated_by"] == [{"key": "KL-2023-05",
                                                     "validity": "applies"}]


def test_a_change_that_concerns_another_municipality_changes_no_byte_of_this_report(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    reg.add_risk(_risk("R-003", scope=Scope.municipalities(GOTEBORG)))
    before = _export(reg, tmp_path / "before", recipients=PARTILLE)
    reg.update_risk("R-003", title="Bara Göteborgs risk, nytt namn")
    after = _export(reg, tmp_path / "after", recipients=PARTILLE)
    assert [n for n in _differing(before, after) if n.startswith("1402")] == []


def test_internal_content_changes_no_hash_that_leaves_the_register(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    before = _export(reg, tmp_path / "before")
    shared_dump = dumps(reg, shared_only=True)
    full_hash = reg.content_hash()
    reg.update_decision("KL-2024-91", summary="Ny intern text")
    reg.add_risk(_risk("R-009", visibility=Visibility.INTERNAL))
    assert reg.content_hash() != full_hash  # the register's own hash sees everything
    after = _export(reg, tmp_path / "after")
    assert _differing(before, after) == []  # reports, index.html and manifest.json
    assert dumps(reg, shared_only=True) == shared_dump
    manifest = json.loads(after["manifest.json"])
    assert manifest["register"]["content_hash"] == json.loads(shared_dump)["content_hash"]


def test_the_shared_dump_names_no_internal_item(reg: riskreg.Register) -> None:
    reg.update_risk("R-002", description="Se KL-2024-91 för bakgrunden.")
    before = dumps(reg, shared_only=True)
    reg.assess("KL-2024-91", Validity.SUSPENDED, rationale="Pausen")
    reg.update_decision("KL-2022-01", summary="Bygger på KL-2024-91")
    flagged = reg.risk("R-001").review_reasons
    assert [r.trigger for r in flagged] == ["KL-2024-91"]
    text = dumps(reg, shared_only=True)
    assert "KL-2024-91" not in text and "HEMLIGT" not in text
    doc = json.loads(text)
    assert {r["key"] for r in doc["risks"]} == {"R-001", "R-002"}
    r001 = next(r for r in doc["risks"] if r["key"] == "R-001")
    assert r001.get("review_reasons", []) == []  # the flag of an internal decision stays in
    # a change of shared text shows; an internal assessment (and its flags) does not
    changed = [k for k in ("risks", "decisions", "links")
               if json.loads(before)[k] != doc[k]]
    assert changed == ["decisions"]
    full = json.loads(dumps(reg))
    assert "KL-2024-91" in json.dumps(full)  # the whole register keeps everything


def test_the_shared_graph_names_no_internal_item(reg: riskreg.Register, tmp_path: Path) -> None:
    db = reg.path
    reg.close()
    for fmt in ("json", "graphml", "dot", "mermaid"):
        result = CliRunner().invoke(cli, ["--db", str(db), "graph", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "KL-2024-91" not in result.stdout, fmt
        everything = CliRunner().invoke(
            cli, ["--db", str(db), "graph", "--format", fmt, "--include-internal"])
        assert "KL-2024-91" in everything.stdout


def test_shared_text_naming_an_internal_item_is_cut_from_every_report(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    reg.update_risk("R-002", description="Hänger ihop med KL-2024-91 och R-001.",
                    consequences=["Se KL-2024-91"])
    files = _export(reg, tmp_path / "out", recipients=GOTEBORG)
    for name, data in files.items():
        assert b"KL-2024-91" not in data, name
    doc = json.loads(files["1480-goteborg.json"])
    risk = next(r for r in doc["risks"] if r["key"] == "R-002")
    assert "R-001" in risk["description"]  # a shared key stays


def test_an_internal_item_removed_after_it_was_made_internal_leaves_no_trace(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    reg.add_risk(_risk("R-004"))
    _export(reg, tmp_path / "first", record=True)
    reg.update_risk("R-004", visibility="internal", why="Intern nu")
    before = _export(reg, tmp_path / "before")
    reg.remove_risk("R-004", why="Bort")
    after = _export(reg, tmp_path / "after")
    assert _differing(before, after) == []
    assert all(b"R-004" not in data for data in after.values())


def test_the_municipality_briefing_ignores_internal_decisions(
    reg: riskreg.Register, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "examples" / "municipality_briefing.py"
    spec = importlib.util.spec_from_file_location("municipality_briefing", path)
    assert spec is not None and spec.loader is not None
    briefing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(briefing)
    db = str(reg.path)
    reg.assess("KL-2024-91", Validity.APPLIES, rationale="Gäller")
    assert briefing.main([GOTEBORG, "--db", db]) == 0
    before = capsys.readouterr().out
    reg.assess("KL-2024-91", Validity.SUSPENDED, rationale="Pausen")
    assert briefing.main([GOTEBORG, "--db", db]) == 0
    after = capsys.readouterr().out
    assert after == before
    assert "KL-2024-91" not in after


def test_an_internal_item_under_a_key_shared_text_already_names_changes_no_report(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    """Shared text naming a key no item has yet ("Se även R-049"): adding an internal item
    under that key changes no byte that leaves the register, and ``[…]`` tells an internal
    item from an unused key in no way (found by an independent check)."""
    free = reg.next_risk_key()
    reg.update_risk("R-002", description=f"Se även {free} och KL-2099-01.")
    before = _export(reg, tmp_path / "before")
    shared_dump = dumps(reg, shared_only=True)
    reg.add_risk(_risk(free, visibility=Visibility.INTERNAL))
    reg.add_decision(_decision("KL-2099-01", visibility=Visibility.INTERNAL))
    after = _export(reg, tmp_path / "after")
    assert _differing(before, after) == []
    assert dumps(reg, shared_only=True) == shared_dump
    assert free not in shared_dump and "KL-2099-01" not in shared_dump
