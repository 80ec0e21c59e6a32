"""Issue 9's first promise, as a user meets it: ``riskreg --db postgresql://… init --example``,
then the command line and a script work against that register on the server, each as its own
process (the review UI on a server: tests/tui/test_tui_server.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

SCRIPT = """
import sys
import riskreg

with riskreg.Register.open(sys.argv[1], user="skript") as reg:
    before = reg.decision("KL-2022-07").validity
    reg.update_risk("R-001", owner="MAS Vänersborg", why="Ägare enligt ledningsrådet")
    print(before, len(reg.risks()), len(reg.decisions()), reg.risk("R-001").owner)
"""


def riskreg(url: str, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RISKREG_USER": "test", "RISKREG_TODAY": "2026-11-22"}
    env.pop("RISKREG_DB", None)
    done = subprocess.run([sys.executable, "-m", "riskreg.cli", "--db", url, *args], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done


def test_init_example_then_the_cli_and_a_script_on_the_server(server_location: str,
                                                              tmp_path: Path) -> None:
    riskreg(server_location, "init", "--example")
    risks = json.loads(riskreg(server_location, "risk", "list", "--json").stdout)["risks"]
    decisions = json.loads(riskreg(server_location, "decision", "list",
                                   "--json").stdout)["decisions"]
    assert (len(risks), len(decisions)) == (48, 69)
    applies = [d for d in decisions if d["validity"] == "applies"]
    assert len(applies) == 16
    riskreg(server_location, "decision", "assess", "KL-2022-07", "--validity", "suspended",
            "--rationale", "Pausen: rutinen används inte")
    shown = json.loads(riskreg(server_location, "decision", "show", "KL-2022-07",
                               "--json").stdout)
    assert shown["validity"] == "suspended"
    riskreg(server_location, "check", code=1)  # findings: exit 1, as on a file
    script = tmp_path / "skript.py"
    script.write_text(SCRIPT, "utf-8")
    out = subprocess.run([sys.executable, str(script), server_location], capture_output=True,
                         text=True, timeout=120, check=True).stdout.split()
    assert out[:3] == ["suspended", "48", "69"]
    history = json.loads(riskreg(server_location, "history", "R-001", "--json").stdout)
    assert history["changes"][-1]["why"] == "Ägare enligt ledningsrådet"
    # and the same register copied to a file answers the same
    copy = tmp_path / "kopia.json"
    riskreg(server_location, "copy", server_location, str(copy))
    assert riskreg(str(copy), "dump").stdout == riskreg(server_location, "dump").stdout
