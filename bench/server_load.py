"""Many clients editing one register at once: one process per organisation, each making its own
edits and edits of a few shared "hot" risks. Used by the fault suite (with checks) and the
benchmarks (edits per second with 1, 10 and 50 writers, on the server and on a file).

Each client edits with the revision it read (``expected_revision``); an edit that another
client's change overtook is refused with ConflictError and counted, never lost silently. Every
edit carries a unique token in its ``why``, so afterwards the history tells exactly which edits
landed: each acknowledged one once, each refused one not at all.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import riskreg
from riskreg import Rating, Register

AREA = "it"
HOT = 5  # risks every client also edits


def _today() -> date:
    return date(2026, 11, 22)


def prepare(location: str, clients: int, own: int = 2) -> None:
    """A register with ``own`` risks per client and ``HOT`` shared ones."""
    reg = Register.create(location, name="Last", user="last",
                          categories=[riskreg.Category(AREA, "IT")], today=_today)
    with reg.batch(why="start"):
        for n in range(clients * own + HOT):
            reg.new_risk(key=f"R-{n + 1:04d}", title=f"Risk {n + 1}", area=AREA,
                         inherent=Rating(2, 2))
    reg.close()


def own_keys(client: int, own: int = 2) -> list[str]:
    return [f"R-{HOT + client * own + k + 1:04d}" for k in range(own)]


HOT_KEYS = [f"R-{n + 1:04d}" for n in range(HOT)]


@dataclass
class ClientResult:
    client: int
    latencies: list[float] = field(default_factory=list)  # seconds per acknowledged edit
    acked: list[str] = field(default_factory=list)  # tokens of acknowledged edits
    refused: list[str] = field(default_factory=list)  # tokens refused with ConflictError
    timed_out: list[str] = field(default_factory=list)  # tokens whose lock wait timed out
    last_own: dict[str, str] = field(default_factory=dict)  # own key -> last token written


def _client(args: tuple[str, int, int, float, int, Any]) -> ClientResult:
    location, client, edits, hot_share, seed, start = args
    rng = random.Random(seed * 1000 + client)
    result = ClientResult(client)
    reg = Register.open(location, user=f"klient-{client:02d}", today=_today)
    start.wait()
    try:
        for e in range(edits):
            token = f"c{client:02d}e{e:04d}"
            hot = rng.random() < hot_share
            key = rng.choice(HOT_KEYS) if hot else rng.choice(own_keys(client))
            began = time.perf_counter()
            try:
                reg.update_risk(key, description=token, why=token,
                                expected_revision=reg.risk(key).revision)
            except riskreg.ConflictError:
                result.refused.append(token)
                reg.refresh()
                continue
            except riskreg.LockTimeoutError:  # the file store's answer to too many writers
                result.timed_out.append(token)
                reg.refresh()
                continue
            result.latencies.append(time.perf_counter() - began)
            result.acked.append(token)
            if not hot:
                result.last_own[key] = token
    finally:
        reg.close()
    return result


@dataclass
class LoadResult:
    clients: int
    edits_per_client: int
    seconds: float
    results: list[ClientResult]

    @property
    def acked(self) -> int:
        return sum(len(r.acked) for r in self.results)

    @property
    def refused(self) -> int:
        return sum(len(r.refused) for r in self.results)

    @property
    def timed_out(self) -> int:
        return sum(len(r.timed_out) for r in self.results)

    @property
    def latencies(self) -> list[float]:
        return sorted(x for r in self.results for x in r.latencies)

    def percentile(self, p: float) -> float:
        values = self.latencies
        if not values:
            return float("nan")
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    @property
    def edits_per_second(self) -> float:
        return self.acked / self.seconds if self.seconds else float("nan")

    def summary(self) -> str:
        lat = self.latencies
        return (f"{self.clients} clients x {self.edits_per_client} edits: {self.acked} "
                f"acknowledged, {self.refused} refused (ConflictError), "
                f"{self.timed_out} timed out waiting for the lock, "
                f"{self.edits_per_second:.0f} edits/s; latency p50 "
                f"{statistics.median(lat) * 1e3:.1f} ms, p95 {self.percentile(95) * 1e3:.1f} ms, "
                f"max {max(lat) * 1e3:.1f} ms" if lat else "no edits")


def run_load(location: str, clients: int, edits: int, *, hot_share: float = 0.3,
             seed: int = 1) -> LoadResult:
    """``clients`` processes, ``edits`` each, against the register at ``location`` (made by
    :func:`prepare`); they start together."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(clients) as pool:
            pending = pool.map_async(_client, [(location, c, edits, hot_share, seed, start)
                                               for c in range(clients)])
            time.sleep(0.5 + clients * 0.05)  # let them open the register first
            began = time.perf_counter()
            start.set()
            results = pending.get(timeout=600 + clients * edits)
            seconds = time.perf_counter() - began
    return LoadResult(clients, edits, seconds, results)


def verify(location: str, load: LoadResult) -> list[str]:
    """What is wrong with the register after ``load`` (empty: every acknowledged edit there
    exactly once, no refused edit anywhere, every client's own risks as it last wrote them)."""
    problems: list[str] = []
    with Register.open(location, user="kontroll", today=_today) as reg:
        whys = [c.why for c in reg.history() if c.action == "update"]
        seen: dict[str, int] = {}
        for why in whys:
            seen[why] = seen.get(why, 0) + 1
        for result in load.results:
            for token in result.acked:
                if seen.get(token) != 1:
                    problems.append(f"acknowledged edit {token} in the history "
                                    f"{seen.get(token, 0)} times")
            for token in [*result.refused, *result.timed_out]:
                if token in seen:
                    problems.append(f"refused edit {token} in the history")
            for key, token in result.last_own.items():
                if reg.risk(key).description != token:
                    problems.append(f"{key}: {reg.risk(key).description!r}, last written "
                                    f"{token!r}")
    return problems


def environment_note() -> str:
    return f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"


__all__ = ["HOT_KEYS", "LoadResult", "prepare", "run_load", "verify"]


def _main(argv: Sequence[str] | None = None) -> None:  # pragma: no cover - by hand
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("location")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args(argv)
    prepare(args.location, args.clients)
    load = run_load(args.location, args.clients, args.edits)
    print(load.summary())
    print("\n".join(verify(args.location, load)) or "verified: every acknowledged edit once")


if __name__ == "__main__":  # pragma: no cover
    _main()
