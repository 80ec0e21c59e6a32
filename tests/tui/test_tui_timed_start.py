"""``RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1`` (how ``make bench`` times the review UI's start) ends
the UI only after the frame with the register's data has reached the terminal: a run that
ended on the loading skeleton would make the bench fail, or time a frame nobody saw.

The app exits once the screen has drawn the rows of the table the data went into (not after a
fixed number of refreshes, which under load ended once in a full run on the skeleton), and
the bench reads the terminal until the UI has ended and everything it wrote is read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import riskreg

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.cli_bench import child_env, tui_first_frame


@pytest.mark.slow
def test_the_timed_ui_ends_only_after_its_data_is_on_the_screen(tmp_path: Path) -> None:
    db = tmp_path / "riskreg.json"
    env = child_env()
    subprocess.run([sys.executable, "-m", "riskreg.cli", "--db", str(db), "init", "--example"],
                   env=env, check=True, capture_output=True)
    with riskreg.Register.open(db) as reg:
        needle = reg.categories()[0].name
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    for _ in range(6):  # the race it guards against showed in about 1 start in 20
        shown, ended = tui_first_frame(db, needle, env)
        assert 0 < shown <= ended
