"""The fault suite: crashes, two writers, a model-based state machine, bad input, broken files.

Every test here runs a CI-sized sample in ``make test``; ``make torture`` (or
``RISKREG_TORTURE=1 pytest tests/faults``) runs the full counts. Tests record
what they did with :func:`count` (kills survived, edits made and found, bad
inputs tried, ...) and the totals are printed at the end of the run, also
under pytest-xdist (where the last worker to finish prints them), and written
to ``.pytest_cache/riskreg-faults.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from faultcounts import COUNTS, TORTURE, summary_lines


def _write_results(rootpath: Path, counts: dict[str, int]) -> None:
    cache = rootpath / ".pytest_cache"
    try:
        cache.mkdir(exist_ok=True)
        (cache / "riskreg-faults.json").write_text(
            json.dumps({"mode": "torture" if TORTURE else "ci", "counts": counts}, indent=2)
            + "\n"
        )
    except OSError:
        pass


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is None:
        return  # not under xdist: pytest_terminal_summary prints
    # Under xdist the controller never loads this conftest, so the workers pool their
    # counts in a folder of this run and the last one to finish prints the totals.
    from filelock import FileLock

    folder = Path(tempfile.gettempdir()) / f"riskreg-faults-{workerinput['testrunuid']}"
    folder.mkdir(exist_ok=True)
    (folder / f"{workerinput['workerid']}.json").write_text(json.dumps(dict(COUNTS)))
    with FileLock(str(folder) + ".lock"):
        parts = sorted(folder.glob("*.json"))
        if len(parts) < int(workerinput["workercount"]):
            return
        total: Counter[str] = Counter()
        for part in parts:
            total.update(json.loads(part.read_text()))
        for part in parts:
            part.unlink()
        folder.rmdir()
    if not any(total.values()):
        return
    _write_results(config.rootpath, dict(total))
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        sys.stderr.write("\n" + "\n".join(summary_lines(dict(total))) + "\n")
        sys.stderr.flush()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or config.pluginmanager.hasplugin("dsession"):
        return
    if not any(COUNTS.values()):
        return
    _write_results(config.rootpath, dict(COUNTS))
    terminalreporter.write_sep("-", "riskreg fault counts")
    for line in summary_lines(dict(COUNTS)):
        terminalreporter.write_line(line)
