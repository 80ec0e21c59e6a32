"""Load on the server store: concurrent clients (one per organisation), each editing its own
risks and a few shared hot ones. Every acknowledged edit lands exactly once, every refusal is a
ConflictError, nothing is lost silently; the latencies are printed with the fault counts.

CI runs 8 clients x 25 edits; ``make torture`` the issue's 50 clients x 100 edits.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from faultcounts import count, scaled

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.server_load import prepare, run_load, verify


def test_concurrent_clients_lose_nothing_and_every_refusal_is_a_conflict(pg_url: str) -> None:
    clients, edits = scaled(8, 50), scaled(25, 100)
    url = pg_url + "&register=last"
    prepare(url, clients)
    load = run_load(url, clients, edits)
    assert load.acked + load.refused == clients * edits  # every edit answered one way
    assert verify(url, load) == []
    assert load.acked > 0
    latencies = load.latencies
    count("server_load_clients", clients)
    count("server_load_edits_acked", load.acked)
    count("server_load_refused", load.refused)
    count("server_load_p50_ms", round(statistics.median(latencies) * 1000))
    count("server_load_p95_ms", round(load.percentile(95) * 1000))
    count("server_load_max_ms", round(max(latencies) * 1000))
    count("server_load_edits_per_s", round(load.edits_per_second))
    print(load.summary())
