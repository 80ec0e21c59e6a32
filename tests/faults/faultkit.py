"""Shared pieces of the fault suite: small registers, projections to compare, child processes."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from strategies import AREA_KEYS, new_register

import riskreg
from riskreg import Rating, Relation, Validity

Projection = tuple[
    dict[str, tuple[str, str]], dict[str, str], frozenset[tuple[str, str, str]]
]


def make_register(path: Path, risks: int = 120, decisions: int = 24) -> riskreg.Register:
    """A small register with risks, decisions of every validity and links (one batch each)."""
    reg = new_register(path)
    validities = [Validity.APPLIES, Validity.SUSPENDED, Validity.UNCERTAIN, Validity.UNREVIEWED]
    keys = []
    with reg.batch(why="beslut"):
        for i in range(decisions):
            year = 2020 + i % 5
            key = f"KL-{year}-{i + 1:02d}"
            validity = validities[i % 4]
            reg.new_decision(key=key, decided_on=date(year, 3, 1 + i % 27), title=f"Beslut {i}",
                             validity=validity,
                             review_by=date(2027, 1, 31) if validity is Validity.UNCERTAIN
                             else None)
            keys.append(key)
    with reg.batch(why="risker"):
        for i in range(1, risks + 1):
            reg.new_risk(key=f"R-{i:03d}", title=f"Risk {i}: remiss försvinner",
                         area=AREA_KEYS[i % len(AREA_KEYS)],
                         inherent=Rating(1 + i % 4, 1 + (i // 4) % 4),
                         description="Åtgärden gäller även Öckerö " * (i % 5))
    with reg.batch(why="länkar"):
        for i in range(1, risks + 1):
            reg.link(f"R-{i:03d}", Relation.MITIGATED_BY, keys[i % decisions])
            if i % 3 == 0:
                reg.link(f"R-{i:03d}", Relation.MITIGATED_BY, keys[(i * 7 + 5) % decisions])
        for i in range(1, decisions, 3):  # only on earlier decisions: no cycles
            reg.link(keys[i], Relation.DEPENDS_ON, keys[i - 1])
    return reg


def project(reg: riskreg.Register) -> Projection:
    """What the fault tests compare: risk (title, owner), decision validity, the links."""
    return (
        {r.key: (r.title, r.owner) for r in reg.risks()},
        {d.key: str(d.validity) for d in reg.decisions()},
        frozenset((link.source, str(link.relation), link.target) for link in reg.links()),
    )


def snapshot(path: Path) -> tuple[bytes, bytes | None]:
    """The register file and its history file, byte for byte."""
    history = path.with_name(path.name + ".history.jsonl")
    return path.read_bytes(), history.read_bytes() if history.exists() else None


def temp_files(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir()
                  if p.name.startswith(f".{path.name}.") and p.name.endswith(".tmp"))


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKREG_")}
    env.update(RISKREG_TODAY="2026-11-22", PYTHONDONTWRITEBYTECODE="1")
    return env


def spawn(code: str, *args: str) -> subprocess.Popen[bytes]:
    """A Python child running ``code`` with ``args``; its stdout is a pipe of lines."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=child_env(),
    )


class LineReader:
    """Whole lines from a child's stdout, with timeouts (never blocks past a deadline)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self.fd = proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.fd, selectors.EVENT_READ)
        self.buffer = b""
        self.closed = False

    def _fill(self, timeout: float) -> None:
        if self.closed or not self.selector.select(max(0.0, timeout)):
            return
        try:
            chunk = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            self.closed = True
        self.buffer += chunk

    def lines_until(self, deadline: float) -> Iterator[str]:
        """Lines as they come, until ``deadline`` (time.monotonic) or the pipe closes."""
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                yield line.decode("utf-8")
            now = time.monotonic()
            if now >= deadline or self.closed:
                return
            self._fill(deadline - now)

    def rest(self, timeout: float = 10.0) -> list[str]:
        """Every remaining whole line once the child is gone (a torn last line is dropped)."""
        deadline = time.monotonic() + timeout
        while not self.closed and time.monotonic() < deadline:
            self._fill(deadline - time.monotonic())
        lines = self.buffer.split(b"\n")
        self.buffer = b""
        return [line.decode("utf-8") for line in lines[:-1]]

    def close(self) -> None:
        self.selector.close()


def first_line(reader: LineReader, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> str:
    for line in reader.lines_until(time.monotonic() + timeout):
        return line
    _, err = proc.communicate(timeout=5) if proc.poll() is not None else (b"", b"")
    raise AssertionError(f"child said nothing (exit {proc.poll()}): {err.decode()[-2000:]}")


def stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
