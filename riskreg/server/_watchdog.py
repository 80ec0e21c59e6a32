"""Watchdog of a LocalServer: stops its PostgreSQL and removes its folder if the owner dies.

Run by :class:`riskreg.server.local.LocalServer` as ``python -I _watchdog.py FOLDER`` in a
session of its own, with a pipe from the owner on stdin. The owner writes one line per event:

- ``pid N``: a postmaster with process id N was started;
- ``stopped``: the postmaster was stopped;
- ``closed``: the owner stopped the server and removed the folder itself.

When the pipe ends without ``closed`` (the owner was killed with SIGKILL or SIGTERM, crashed,
or exited without closing the server), the watchdog shuts the postmaster down the way
``pg_ctl stop -m immediate`` does (SIGQUIT, SIGKILL if that does not end it in 10 s) and
removes the folder. Standard library only: it runs by path, outside any package.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

IMMEDIATE_WAIT = 10.0  # seconds for an immediate shutdown before SIGKILL


def _alive(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie has ended; it only awaits its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _is_postgres(pid: int) -> bool:
    """Guards against signalling a process that reused the pid of a postmaster long gone."""
    try:
        return b"postgres" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # no /proc: trust the pid we were given


def _postmaster_from_pidfile(folder: Path) -> int | None:
    try:
        first = (folder / "data" / "postmaster.pid").read_text().split("\n", 1)[0]
    except OSError:
        return None
    return int(first) if first.strip().isdigit() else None


def _shut_down(pid: int) -> None:
    for sig, wait in ((signal.SIGQUIT, IMMEDIATE_WAIT), (signal.SIGKILL, IMMEDIATE_WAIT)):
        if not _alive(pid):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def main(argv: list[str]) -> int:
    folder = Path(argv[1])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    postmaster: int | None = None
    for line in sys.stdin:
        word, _, argument = line.strip().partition(" ")
        if word == "pid":
            postmaster = int(argument)
        elif word == "stopped":
            postmaster = None
        elif word == "closed":
            return 0
    if postmaster is None:  # the owner may have died before it could report the pid
        postmaster = _postmaster_from_pidfile(folder)
    if postmaster is not None and _is_postgres(postmaster):
        _shut_down(postmaster)
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
