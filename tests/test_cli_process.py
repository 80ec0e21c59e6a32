"""The console script as a process (riskreg.cli.process): it answers as the command group does.

``riskreg`` starts without the cyclic garbage collector and with attrs's compiled code
kept between runs; none of that may change an answer, an exit code or what is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg.cli import cli

TODAY = "2026-11-22"
ENV = {"RISKREG_TODAY": TODAY, "RISKREG_USER": "tester", "COLUMNS": "120", "LANG": "C.UTF-8"}

COMMANDS = [
    ["check", "--json"],
    ["check"],
    ["impact", "KL-2022-07", "--if", "suspended", "--json"],
    ["risk", "list", "--json"],
    ["risk", "show", "R-001"],
    ["decision", "show", "KL-2022-07", "--json"],
    ["history", "R-004", "--json"],
    ["--lang", "en", "risk", "show", "R-404"],
    ["risk", "list", "--colour"],
]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RISKREG_LANG", raising=False)
    monkeypatch.delenv("RISKREG_DB", raising=False)


def _script(db: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ENV}
    return subprocess.run([sys.executable, "-m", "riskreg.cli", "--db", str(db), *argv],
                          capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_the_console_script_answers_as_the_command_group(example_path: Path,
                                                          argv: list[str]) -> None:
    expected = CliRunner().invoke(cli, ["--db", str(example_path), *argv])
    before = example_path.read_bytes()
    for _ in range(2):  # the first may make the read cache, the second reads it
        done = _script(example_path, argv)
        assert (done.returncode, done.stdout, done.stderr) == (
            expected.exit_code, expected.stdout, expected.stderr)
    assert example_path.read_bytes() == before


def test_a_change_through_the_console_script_is_written_and_read_back(example_path: Path
                                                                      ) -> None:
    done = _script(example_path, ["risk", "review", "R-004", "--note", "Granskad"])
    assert done.returncode == 0, done.stderr
    shown = json.loads(_script(example_path, ["risk", "show", "R-004", "--json"]).stdout)
    assert shown["last_reviewed"] == TODAY


def test_the_collector_is_off_at_start_and_on_once_the_register_is_opened(
        example_path: Path) -> None:
    program = f'''
import gc
from riskreg.cli import process
from riskreg.cli.core import State
process.start()
assert not gc.isenabled()
with State(db={str(example_path)!r}, user=None, lang="sv").open() as reg:
    assert gc.isenabled()
    assert gc.get_threshold()[0] == process.YOUNG_OBJECTS
    assert gc.get_freeze_count() > 0
    reg.risks()
print("ok")
'''
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env={**os.environ, **ENV}, check=False)
    assert done.stdout.strip() == "ok", done.stderr
