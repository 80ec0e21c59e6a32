"""Counters and sizes of the fault suite (CI sample or full torture run)."""

from __future__ import annotations

import os
from collections import Counter

TORTURE = os.environ.get("RISKREG_TORTURE", "") not in ("", "0")
MODE = "full run (RISKREG_TORTURE=1)" if TORTURE else "CI sample (full run: make torture)"

COUNTS: Counter[str] = Counter()

# (counter, label) in the order they are printed
LABELS = [
    ("kills", "SIGKILLs of a writing process"),
    ("kills_survived", "kills survived (file whole, every acknowledged change there, lock free)"),
    ("kills_mid_save", "kills that landed inside a save (torn history tail or temp file left)"),
    ("crash_acked", "acknowledged changes checked after kills"),
    ("crash_acked_found", "acknowledged changes found after kills"),
    ("writer_edits", "edits made by concurrent writers (2 processes + TUI-style reloader)"),
    ("writer_edits_found", "concurrent edits found afterwards"),
    ("conflicts_refused", "conflicting edits refused loudly (ConflictError)"),
    ("conflicts_lost", "conflicting edits lost silently"),
    ("reloads", "TUI-style refresh() reloads of outside changes"),
    ("races", "two-client races (the halves of a cycle; a removal and a link to it)"),
    ("races_one_refused", "races where exactly one client was refused, as it must be"),
    ("concurrent_adds", "keys given out by new_risk in 3 processes at once (none twice or "
                        "reused)"),
    ("model_runs", "state machine runs"),
    ("model_steps", "state machine steps checked against the model"),
    ("model_exports", "exports in the state machine (no internal item in any report)"),
    ("internal_only_registers", "random registers given internal-only changes"),
    ("internal_only_changes", "internal-only changes made (add, edit, assess, link, remove)"),
    ("internal_only_files_compared",
     "shared outputs compared byte for byte (reports, index, manifest, dump, graph)"),
    ("server_client_kills", "server clients SIGKILLed mid-transaction (nothing partial found)"),
    ("server_crashes", "server crashes (pg stop -m immediate) mid-run, then started again"),
    ("server_crash_errors", "clear errors the clients got from those crashes"),
    ("server_acked_checked", "acknowledged server changes checked after kills and crashes"),
    ("server_load_clients", "concurrent server clients in the load test"),
    ("server_load_edits_acked", "their edits acknowledged (each found in the history once)"),
    ("server_load_refused", "their edits refused with ConflictError (none found)"),
    ("server_load_edits_per_s", "edits per second under that load"),
    ("server_load_p50_ms", "edit latency p50, ms"),
    ("server_load_p95_ms", "edit latency p95, ms"),
    ("server_load_max_ms", "edit latency max, ms"),
    ("bad_inputs", "bad inputs tried (CLI arguments)"),
    ("bad_inputs_refused", "bad inputs refused: exit 2, one line, register byte-identical"),
    ("bad_inputs_subprocess", "bad inputs tried in a real subprocess (raw invalid UTF-8 argv)"),
    ("free_inputs", "free-form CLI inputs tried (any outcome but a crash)"),
    ("bad_imports", "bad import files tried"),
    ("damaged_files", "damaged register files tried"),
    ("damaged_restored", "damaged files restored by riskreg doctor --restore"),
    ("changes_replayed", "changes replayed from the history by doctor"),
]


def scaled(ci: int, full: int) -> int:
    """``ci`` in the CI sample, ``full`` in the torture run."""
    return full if TORTURE else ci


def count(name: str, n: int = 1) -> None:
    """Add ``n`` to a counter of the fault suite's summary."""
    COUNTS[name] += n


def summary_lines(counts: dict[str, int]) -> list[str]:
    lines = [f"riskreg fault suite, {MODE}:"]
    known = {name for name, _ in LABELS}
    for name, label in LABELS:
        if counts.get(name):
            lines.append(f"  {counts[name]:>7}  {label}")
    for name in sorted(set(counts) - known):
        lines.append(f"  {counts[name]:>7}  {name}")
    return lines
