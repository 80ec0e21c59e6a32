"""A file that cannot be written is named in the one-line error (issue 8: a disk-full export
said ``riskreg: error: : No space left on device``).

An OSError raised while writing an already open file (disk full, file too large) carries
no file name; every place riskreg writes a file the user asked for turns it into an
error that names the file. /dev/full gives a real "No space left on device"; a file-size
limit (RLIMIT_FSIZE) gives a real "File too large" in the middle of an export.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskreg.cli import cli

FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")


def _one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and stderr.startswith("riskreg: "), stderr
    assert "Traceback" not in stderr
    return stderr


@needs_dev_full
@pytest.mark.parametrize("args", [
    ["dump", "--out", str(FULL)],
    ["dump", "--shared-only", "--out", str(FULL)],
    ["graph", "--format", "json", "--out", str(FULL)],
    ["template", "risks", "--out", str(FULL), "--force"],
    ["template", "decisions", "--format", "xlsx", "--out", str(FULL), "--force"],
])
def test_a_full_disk_names_the_file_in_one_line(example_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--db", str(example_path), "--lang", "en", *args])
    assert result.exit_code == 2, result.output
    line = _one_line(result.stderr)
    assert str(FULL) in line and "the disk is full" in line, line  # the OS's words, in English
    assert ": : " not in line


def _limit_file_size() -> None:  # in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_the_operating_systems_error_is_in_the_users_language(example_path: Path,
                                                             tmp_path: Path) -> None:
    """What the OS says went wrong is worded by riskreg, in Swedish too, with the path."""
    for lang, words in (("sv", "Kunde inte skriva /dev/full: disken är full"),
                        ("en", "Could not write /dev/full: the disk is full")):
        result = CliRunner().invoke(cli, ["--db", str(example_path), "--lang", lang,
                                          "template", "risks", "--out", str(FULL), "--force"])
        assert words in _one_line(result.stderr)
    missing = tmp_path / "risker.csv"
    result = CliRunner().invoke(cli, ["--db", str(example_path), "import", str(missing)])
    line = _one_line(result.stderr)
    assert "risker.csv" in line and "finns inte" in line and "No such file" not in line, line


def test_an_export_that_cannot_write_a_report_names_it(example_path: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = example_path.read_bytes()
    code = ("import sys; from riskreg.cli import main; "
            "sys.argv = ['riskreg'] + sys.argv[1:]; main()")
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", str(example_path), "--lang", "en", "export",
         "--out", str(out), "--to", "1480", "--quiet"],
        capture_output=True, text=True, preexec_fn=_limit_file_size, timeout=120,
        env={**os.environ, "RISKREG_TODAY": "2026-11-22"})
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = _one_line(result.stderr)
    assert "the file would be too large" in line, line
    assert f"{out}{os.sep}1480-goteborg." in line, line  # the report it could not write
    assert example_path.read_bytes() == before  # nothing recorded
    assert [p.name for p in out.iterdir()] == []  # and nothing left in --out
