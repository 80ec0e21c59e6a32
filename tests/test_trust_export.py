"""An export killed part-way (issue "Trust", items 7 and 13): the edition log never claims an
export that was not delivered; "changed since your last edition" is measured against the last
edition that was; the interrupted one is visible as such and its staging folder is cleaned."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import riskreg
from riskreg.report.export import build_only, export_reports
from riskreg.report.text import safe_file_name

CHILD = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    import riskreg
    from riskreg.report.export import export_reports

    path, out, phase = sys.argv[1:4]
    out = os.path.realpath(out)
    real_replace = os.replace
    moved = [0]
    manifest_written = [False]

    def replace(src, dst, *args, **kwargs):
        dst = os.path.realpath(dst)
        if os.path.dirname(dst) == out:
            if os.path.basename(dst) == "manifest.json":
                manifest_written[0] = True
            else:
                moved[0] += 1
                if (phase, moved[0]) in (("after-record", 1), ("files-half-moved", 3)):
                    os.kill(os.getpid(), signal.SIGKILL)
        elif dst == os.path.realpath(path) and manifest_written[0] and phase == "before-complete":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace
    reg = riskreg.Register.open(path, user="export", today=lambda: date(2026, 11, 22))
    export_reports(reg, out, recipients="1487,1488", formats=("md", "json"), lang="sv")
""")
PHASES = ("after-record", "files-half-moved", "before-complete")


def kill_export_at(path: Path, out: Path, phase: str, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    done = subprocess.run([sys.executable, str(script), str(path), str(out), phase],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr


def report_json(out: Path, code: str) -> dict[str, object]:
    [found] = [p for p in out.glob(f"{code}-*.json")]
    data: dict[str, object] = json.loads(found.read_text("utf-8"))
    return data


@pytest.mark.parametrize("phase", PHASES)
def test_a_killed_export_is_not_counted_as_received(
    example_path: Path, tmp_path: Path, phase: str
) -> None:
    out = tmp_path / "ut"
    reg = riskreg.Register.open(example_path, user="export")
    first = export_reports(reg, out, recipients="1487,1488", formats=("md", "json"))
    assert first.edition == 1
    reg.update_risk("R-001", owner="Ny ägare efter utgåva 1", why="ändring för nästa utgåva")
    reg.close()

    kill_export_at(example_path, out, phase, tmp_path)

    reg = riskreg.Register.open(example_path, user="export")
    [one, two] = reg.editions()
    assert (one.complete, two.complete, two.number) == (True, False, 2)
    assert reg.latest_edition("1487") == one  # nobody received edition 2
    findings = [f for f in reg.check() if f.code == "edition_incomplete"]
    assert [f.key for f in findings] == ["edition-000002"]
    assert "2" in findings[0].message("en") and "interrupted" in findings[0].message("en")
    if phase != "before-complete":  # the manifest in the folder is still edition 1's
        assert json.loads((out / "manifest.json").read_text("utf-8"))["edition"] == 1
    assert [p.name for p in out.iterdir() if p.name.startswith(".riskreg-export-")]

    # the next export: its staging folder cleaned, changes measured against edition 1
    reports = {r.recipient.code: r for r in build_only(reg, "1487")}
    assert reports["1487"].stamp.previous is not None
    assert reports["1487"].stamp.previous.number == 1
    third = export_reports(reg, out, recipients="1487,1488", formats=("md", "json"))
    assert third.edition == 3  # numbers are never reused
    assert not [p for p in out.iterdir() if p.name.startswith(".riskreg-export-")]
    changes = report_json(out, "1487")["changes"]
    assert isinstance(changes, dict) and "R-001" in json.dumps(changes)
    assert [f for f in reg.check() if f.code == "edition_incomplete"] == []
    assert reg.latest_edition("1487") is not None
    assert reg.latest_edition("1487").number == 3  # type: ignore[union-attr]


def test_a_failed_export_after_the_record_leaves_an_incomplete_edition(
    example_path: Path, tmp_path: Path
) -> None:
    """A file that cannot be moved into place (the folder's name taken by a folder) fails the
    export with the path named; the edition stays incomplete and is reported, not claimed."""
    out = tmp_path / "ut"
    out.mkdir()
    with riskreg.Register.open(example_path, user="export") as reg:
        org = reg.directory.get("1487")
        blocker = out / safe_file_name(org.code, org.name, "md")
        blocker.mkdir()  # a folder where the report should go
        (blocker / "x").write_text("x")
        with pytest.raises(riskreg.ValidationError) as info:
            export_reports(reg, out, recipients="1487", formats=("md",))
        assert str(blocker) in info.value.message("en")
        [edition] = reg.editions()
        assert not edition.complete and reg.latest_edition("1487") is None
        assert [f.code for f in reg.check() if f.key == edition.key] == ["edition_incomplete"]


def test_exported_files_are_synced_before_the_edition_counts(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file is fsynced, and the folder too, before the edition is recorded complete."""
    import os

    events: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    real_complete = riskreg.Register.complete_edition

    def complete(self: riskreg.Register, number: int, **kw: str) -> riskreg.Edition:
        events.append("complete")
        return real_complete(self, number, **kw)

    monkeypatch.setattr(riskreg.Register, "complete_edition", complete)
    with riskreg.Register.open(example_path, user="export") as reg:
        manifest = export_reports(reg, tmp_path / "ut", recipients="1487,1488", formats=("md",))
    files = len(manifest.files)
    before_complete = events[: events.index("complete")]
    # each staged file, the staging folder, the output folder, the manifest and its folder,
    # and the register's own writes (incomplete record)
    assert before_complete.count("fsync") >= files + 4
