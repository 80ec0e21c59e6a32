"""The example register holds what the public record says, and gives the checks work."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import riskreg
from riskreg import ItemKind, Severity, Validity, Visibility

ROOT = Path(__file__).resolve().parent.parent


def test_eight_areas_and_at_least_forty_risks(example: riskreg.Register) -> None:
    assert len(example.categories()) == 8
    risks = example.risks()
    assert len(risks) >= 40
    assert {r.area for r in risks} == {c.key for c in example.categories()}
    assert all(r.consequences and r.owner for r in risks)
    # recognition: many risks are reported by several parties
    assert sum(1 for r in risks if r.recognition >= 3) >= 15
    assert any(r.visibility is Visibility.INTERNAL for r in risks)


def test_sixty_nine_decisions_16_apply_5_uncertain_48_suspended(example: riskreg.Register) -> None:
    decisions = example.decisions()
    assert len(decisions) == 69
    assert Counter(d.validity for d in decisions) == {
        Validity.APPLIES: 16,
        Validity.UNCERTAIN: 5,
        Validity.SUSPENDED: 48,
    }
    assert {d.decided_on.year for d in decisions} == {2020, 2021, 2022, 2023, 2024}
    assert all(d.review_by for d in decisions if d.validity is Validity.UNCERTAIN)


def test_check_finds_real_conflicts_and_exposed_risks(example: riskreg.Register) -> None:
    findings = example.check()
    codes = Counter(f.code for f in findings)
    assert codes["conflict"] >= 3
    assert codes["exposed"] >= 4
    assert codes["cycle"] == 0
    assert codes["review_by_passed"] == 2
    assert any(f.severity is Severity.ERROR for f in findings)
    conflict = next(f for f in findings if f.code == "conflict")
    assert example.decision(conflict.key).applies
    assert not example.decision(conflict.params["target"]).applies


def test_hub_decision_has_a_rich_impact(example: riskreg.Register) -> None:
    impact = example.graph.impact("KL-2022-03", if_validity=Validity.SUSPENDED)
    kinds = Counter(i.kind for i in impact)
    assert kinds[ItemKind.RISK] >= 5 and kinds[ItemKind.DECISION] >= 4
    assert any(i.effect == "becomes_conflict" for i in impact)
    assert any(i.depth >= 2 for i in impact)


def test_analyst_scripts_answer_from_the_example(example_path: Path) -> None:
    env = {"RISKREG_TODAY": "2026-11-22", "PATH": ""}
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "risks_on_uncertain_decisions.py"),
            "--db",
            str(example_path),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert "KL-2024-08" in out and "OVERDUE" in out
    # KL-2024-08 would be R-004's only mitigation and would end KL-2024-07's conflict
    section = out[out.index("KL-2024-08"):]
    assert "R-004" in section and "gains a mitigation that applies" in section
    assert "KL-2024-07" in section and "the conflict is resolved" in section
    assert "these stay exposed: R-004" in section
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "municipality_briefing.py"),
            "Vänersborg",
            "--db",
            str(example_path),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert "Vänersborg (1487)" in out and "apply now" in out
    assert "most serious" in out
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "municipality_briefing.py"), "1487",
         "--db", str(example_path)],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    assert "Vänersborg (1487)" in out and "gäller nu" in out and "allvarligast" in out


@pytest.mark.parametrize("script", [["risks_on_uncertain_decisions.py"],
                                    ["municipality_briefing.py", "1487"]])
def test_analyst_scripts_run_from_any_folder(script: list[str], tmp_path: Path) -> None:
    """Run from a folder without riskreg.json (a fresh clone's root, anywhere), a script uses
    the example register built for the run, says so, and leaves nothing behind; a --db that
    names no register is an error, never replaced by the example."""
    env = {"RISKREG_TODAY": "2026-11-22", "PATH": ""}
    command = [sys.executable, str(ROOT / "examples" / script[0]), *script[1:], "--lang", "en"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "(no register here: using the example register)\n"
    assert "KL-20" in done.stdout
    assert list(tmp_path.iterdir()) == []
    missing = subprocess.run([*command, "--db", "saknas.json"], capture_output=True, text=True,
                             env=env, cwd=tmp_path)
    assert missing.returncode == 2 and "saknas.json" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_broken_example_source_leaves_no_half_built_register(tmp_path: Path) -> None:
    source = riskreg.example_sources()
    broken = tmp_path / "sources"
    broken.mkdir()
    for name in ("areas.toml", "risks.toml", "decisions.toml", "links.toml"):
        (broken / name).write_text(source.joinpath(name).read_text("utf-8"), "utf-8")
    with (broken / "links.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[link]]\nsource = "R-001"\nrelation = "mitigated_by"\ntarget = "KL-2099-01"\n'
        )
    target = tmp_path / "out" / "riskreg.json"
    target.parent.mkdir()
    try:
        riskreg.build_example(target, folder=broken)
    except riskreg.LinkError as err:
        assert "KL-2099-01" in err.message("en")
    else:
        raise AssertionError("a link to a missing decision must stop the build")
    assert list(target.parent.iterdir()) == []
    riskreg.build_example(target).close()  # and a retry is not blocked
