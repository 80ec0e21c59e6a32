"""`riskreg init --example` works from an installed wheel, not only from the repository; the
wheel is built from what git holds (no compiled catalogues: the build compiles them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _clean_copy(target: Path) -> Path:
    """The repository's files as git holds them (no .mo, no .venv), in ``target``."""
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    target.mkdir()
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    assert not list(target.rglob("*.mo"))
    return target


@pytest.mark.slow
def test_init_example_from_an_installed_wheel(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    source = _clean_copy(tmp_path / "source")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("riskreg_millennium-*.whl")
    with zipfile.ZipFile(wheel) as built:  # the catalogues compiled by the build
        names = set(built.namelist())
    for domain in ("riskreg/locale/sv/LC_MESSAGES/riskreg", "riskreg/locale/en/LC_MESSAGES/riskreg",
                   "tui/locale/sv/LC_MESSAGES/tui", "tui/locale/en/LC_MESSAGES/tui",
                   "riskreg/locale/sv/LC_MESSAGES/click"):
        assert f"{domain}.mo" in names, domain
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "RISKREG_TODAY": "2026-11-22"}
    where = subprocess.run(
        [sys.executable, "-c", "import riskreg; print(riskreg.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target)), where  # the wheel's copy, not the repository's
    subprocess.run(
        [sys.executable, "-m", "riskreg.cli", "init", "--example"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        [sys.executable, "-m", "riskreg.cli", "decision", "list", "--json"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(listed)
    decisions = data["decisions"] if isinstance(data, dict) else data
    assert len(decisions) == 69
    english = subprocess.run(
        [sys.executable, "-m", "riskreg.cli", "--lang", "en", "risk", "show", "R-001"],
        cwd=work, env=env, check=True, capture_output=True, text=True).stdout
    assert "Risk area" in english and "Riskområde" not in english
