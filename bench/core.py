"""The register's own benchmarks: open, durable edit, batch, graph questions, CLI vs Taskwarrior.

Every figure is the median of several runs and, where there is one, a ratio to a
floor measured in the same run on the same machine:

- open a register                 vs ``json.load`` of the same file;
- one durable edit                vs writing the same bytes the same durable way: the
                                  history append + fsync, a temp file of the register's size
                                  + fsync, ``os.replace``, fsync of the folder (3 fsyncs);
                                  and again after 0 / 1,000 / 10,000 / 100,000 history
                                  entries (must stay flat);
- 1,000 risks added in one batch  vs that same durable save floor;
- impact of a decision, exposed risks, conflicts (first call after an edit, and repeated),
  full ``check``                  vs the same answer computed in plain Python on dicts
                                  built beforehand (what no library can beat);
- ``riskreg risk list --area X --json`` (a subprocess, wall time)
                                  vs Taskwarrior 2.6 ``task project:X export`` over the same
                                  number of items imported into a scratch TASKDATA.

Registers come from :mod:`bench.synthetic` (seeded) and are cached in ``bench/.cache/``;
everything that writes works on a copy in a scratch folder on the same disk.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"  # where bench.synthetic keeps its registers; scratch folders too
TODAY = date(2026, 11, 22)
EDITIONS = 3
HISTORY_STEPS = (0, 1_000, 10_000, 100_000)
FLAT = 1.25  # "flat": the edit after the longest history at most this much slower than after none


@attrs.define
class Row:
    """One measurement: a median (seconds), its floor, and a goal."""

    size: int
    group: str
    name: str
    runs: list[float]
    floor_runs: list[float] | None = None
    floor_name: str = ""
    goal: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = attrs.Factory(dict)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    @property
    def floor(self) -> float | None:
        return statistics.median(self.floor_runs) if self.floor_runs else None

    ratio_override: float | None = None  # a ratio that is not median / floor (growth)

    @property
    def ratio(self) -> float | None:
        if self.ratio_override is not None:
            return self.ratio_override
        floor = self.floor
        return self.median / floor if floor else None

    def to_doc(self) -> dict[str, Any]:
        return {
            "size": self.size, "group": self.group, "name": self.name,
            "median_s": self.median, "runs_s": self.runs,
            "floor": self.floor_name or None, "floor_median_s": self.floor,
            "floor_runs_s": self.floor_runs, "ratio": self.ratio, "goal": self.goal or None,
            "met": self.met, "note": self.note or None, **self.extra,
        }


@attrs.define
class Settings:
    runs: int = 7          # repetitions of cheap measurements
    edits: int = 15        # durable edits per history length
    cli_runs: int = 5
    batch_runs: int = 3
    history_steps: tuple[int, ...] = HISTORY_STEPS
    taskwarrior: bool = True


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def repeat(fn: Callable[[], Any], runs: int) -> list[float]:
    gc.collect()
    return [timed(fn) for _ in range(runs)]


def _today() -> date:
    return TODAY


# --- registers ------------------------------------------------------------------------------


def synthetic(risks: int) -> Path:
    """The cached synthetic register of ``risks`` risks (with exported editions), made once."""
    from bench.synthetic import cached_register

    return cached_register(risks, editions=EDITIONS)


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + ".history.jsonl")]


def copy_register(source: Path, target: Path) -> Path:
    """A copy of the register at ``source`` (and its history) at ``target``, written out."""
    for a, b in zip(_files(source), _files(target), strict=True):
        if a.exists():
            shutil.copyfile(a, b)
    settle()
    return target


def _discard(path: Path) -> None:
    for p in _files(path):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + ".lock").unlink()


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A scratch folder on the same disk as the cache (fsync must cost what it costs there)."""
    CACHE.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="scratch-", dir=CACHE))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- floors -----------------------------------------------------------------------------------


def durable_save_floor(folder: Path, register_bytes: int, history_bytes: int) -> float:
    """Write the same bytes the way a durable save must: append + fsync, temp + fsync,
    replace, fsync the folder."""
    payload = os.urandom(min(register_bytes, 1 << 20)) * (register_bytes // (1 << 20) + 1)
    payload = payload[:register_bytes]
    lines = b"x" * history_bytes
    log = folder / "floor.history"
    target = folder / "floor.json"
    started = time.perf_counter()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, lines)
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp = folder / ".floor.tmp"
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
    return time.perf_counter() - started


def single_fsync_floor(folder: Path, nbytes: int) -> float:
    """The bare minimum: the same number of bytes into one file, one fsync."""
    payload = b"y" * nbytes
    started = time.perf_counter()
    with open(folder / "single.bin", "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return time.perf_counter() - started


# --- the measurements ------------------------------------------------------------------------


def measure_open(size: int, path: Path, s: Settings) -> list[Row]:
    import riskreg

    def load() -> None:
        with open(path, "rb") as handle:
            json.load(handle)

    def open_register() -> None:
        riskreg.Register.open(path, today=_today).close()

    def open_and_list() -> None:
        with riskreg.Register.open(path, today=_today) as reg:
            reg.risks()

    floor = repeat(load, s.runs)
    rows = [Row(size, "open", "open a register", repeat(open_register, s.runs), floor,
                "json.load of the same file", "<= 2x floor")]
    rows[0].met = rows[0].ratio is not None and rows[0].ratio <= 2.0
    rows[0].extra["file_bytes"] = path.stat().st_size
    rows.append(Row(size, "open", "open + every risk as a model (what a list needs)",
                    repeat(open_and_list, max(3, s.runs // 2)), floor,
                    "json.load of the same file"))
    return rows


def _set_history(path: Path, entries: int, source_lines: list[bytes]) -> None:
    """Give the register a history of exactly ``entries`` lines (real ones, repeated)."""
    from riskreg.store import encode

    history = path.with_name(path.name + ".history.jsonl")
    with open(history, "wb") as handle:
        written = 0
        for i in range(entries):
            line = source_lines[i % len(source_lines)]
            handle.write(line)
            written += len(line)
        handle.flush()
        os.fsync(handle.fileno())
    data = json.loads(path.read_bytes())
    data["_meta"]["1"].update(history_bytes=written, changes=entries)
    with open(path, "wb") as handle:
        handle.write(encode(data))
        handle.flush()
        os.fsync(handle.fileno())
    settle()


def settle() -> None:
    """Write out every dirty page first, so no measurement pays for an earlier one's writes
    (ext4 flushes other files' pending data with the journal on fsync)."""
    os.sync()
    time.sleep(0.2)


def measure_edits(size: int, cached: Path, s: Settings) -> list[Row]:
    """Durable edits on copies of the register with 0 ... 100,000 history entries.

    The copies are edited in turn (one edit each, round after round) so that whatever the
    disk does meanwhile falls on all of them alike; at 100,000 risks the registers are too
    big to hold four at once and each is measured in its own series. Right after each edit,
    the floor: the same bytes written the same durable way.
    """
    import riskreg

    source_lines = cached.with_name(cached.name + ".history.jsonl").read_bytes().splitlines(
        keepends=True)
    interleave = size <= 20_000
    results: dict[int, dict[str, list[float]]] = {
        n: {"runs": [], "floors": [], "singles": [], "appended": []} for n in s.history_steps}
    extra: dict[int, dict[str, int]] = {}
    with scratch() as folder, contextlib.ExitStack() as stack:
        def prepare(entries: int) -> tuple[Any, Path, list[str]]:
            path = copy_register(cached, folder / f"edit-{entries}.json")
            _set_history(path, entries, source_lines)
            reg = riskreg.Register.open(path, user="bench", today=_today)
            if interleave:
                stack.enter_context(reg)
            keys = [r.key for r in reg.risks()[:50]]
            for i in range(2):  # warm-up: the encoder's chunk cache fills on the first save
                reg.update_risk(keys[i], owner=f"uppvärmning {i}", why="bench")
            return reg, path, keys

        def one_edit(entries: int, reg: Any, path: Path, keys: list[str], i: int) -> None:
            history = path.with_name(path.name + ".history.jsonl")
            before = history.stat().st_size
            key, owner = keys[i % len(keys)], f"Granskare {entries}-{i}"
            gc.collect()
            run = timed(lambda: reg.update_risk(key, owner=owner, why="bench: en ändring"))
            appended = history.stat().st_size - before
            size_now = path.stat().st_size
            r = results[entries]
            r["runs"].append(run)
            r["appended"].append(appended)
            r["floors"].append(durable_save_floor(folder, size_now, appended))
            r["singles"].append(single_fsync_floor(folder, size_now + appended))
            extra[entries] = {"file_bytes": size_now, "history_bytes": history.stat().st_size}

        if interleave:
            opened = {n: prepare(n) for n in s.history_steps}
            for i in range(s.edits):
                for n, (reg, path, keys) in opened.items():
                    one_edit(n, reg, path, keys, i)
        else:
            for n in s.history_steps:
                reg, path, keys = prepare(n)
                for i in range(s.edits):
                    one_edit(n, reg, path, keys, i)
                reg.close()
                del reg  # one 100,000-risk register in memory at a time: a bigger heap
                _discard(path)  # makes every garbage collection slower, history or not
                gc.collect()

    rows: list[Row] = []
    for n in s.history_steps:
        r = results[n]
        row = Row(size, "edit", f"one durable edit, {n:,} history entries", r["runs"],
                  r["floors"], "same bytes: append+fsync, temp+fsync, replace, folder fsync",
                  "<= 2x floor")
        row.met = row.ratio is not None and row.ratio <= 2.0
        row.extra.update(**extra[n], appended_bytes=statistics.median(r["appended"]),
                         single_fsync_floor_median_s=statistics.median(r["singles"]),
                         ratio_to_single_fsync=row.median / statistics.median(r["singles"]))
        rows.append(row)
    first, last = rows[0], rows[-1]
    assert first.ratio is not None and last.ratio is not None
    growth = last.ratio / first.ratio
    row = Row(size, "edit",
              f"edit after {s.history_steps[-1]:,} vs after {s.history_steps[0]:,} "
              "history entries, each against its floor", last.runs,
              goal=f"flat (<= {FLAT}x)", met=growth <= FLAT,
              note=f"medians {fmt_ms(last.median)} vs {fmt_ms(first.median)}; "
              f"{'interleaved' if interleave else 'one series each'}")
    row.extra.update(growth=growth, absolute_growth=last.median / first.median)
    row.ratio_override = growth
    rows.append(row)
    return rows


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def measure_batch(size: int, cached: Path, s: Settings) -> list[Row]:
    import riskreg
    from riskreg import Rating, Risk

    runs, floors = [], []
    with scratch() as folder:
        path = copy_register(cached, folder / "batch.json")
        history = path.with_name(path.name + ".history.jsonl")
        with riskreg.Register.open(path, user="bench", today=_today) as reg:
            reg.risks()
            start = size + 1
            for b in range(s.batch_runs):
                before = history.stat().st_size
                new = [Risk(key=f"R-{start + b * 1000 + i:05d}", title=f"Batchrisk {b}-{i}",
                            area="teknik", inherent=Rating(1 + i % 4, 1 + i % 3),
                            description="Tillagd i en batch av tusen", created=TODAY)
                       for i in range(1000)]
                gc.collect()

                def add(new: list[Risk] = new, b: int = b) -> None:
                    with reg.batch(why=f"bench: tusen risker {b}"):
                        for risk in new:
                            reg.add_risk(risk)

                runs.append(timed(add))
                floors.append(durable_save_floor(folder, path.stat().st_size,
                                                 history.stat().st_size - before))
    return [Row(size, "batch", "add 1,000 risks in one batch", runs, floors,
                "one durable save of the same bytes")]


@attrs.define
class PlainGraph:
    """The same graph as plain dicts: the floor of the graph questions."""

    validity: dict[str, str]
    risks: dict[str, tuple[bool, bool]]  # key -> (open, high)
    out: dict[str, list[tuple[str, str]]]
    inc: dict[str, list[tuple[str, str]]]

    @classmethod
    def of(cls, reg: Any) -> PlainGraph:
        out: dict[str, list[tuple[str, str]]] = {}
        inc: dict[str, list[tuple[str, str]]] = {}
        for link in reg.links():
            out.setdefault(link.source, []).append((str(link.relation), link.target))
            inc.setdefault(link.target, []).append((str(link.relation), link.source))
        return cls(
            {d.key: str(d.validity) for d in reg.decisions()},
            {r.key: (r.is_open, reg.level(r).is_high) for r in reg.risks()}, out, inc,
        )

    def affected(self, key: str) -> dict[str, str]:
        spreads = {"mitigated_by": True, "caused_by": True, "depends_on": True,
                   "supersedes": False, "aggravates": False}
        seen = {key: ""}
        queue = deque([key])
        while queue:
            here = queue.popleft()
            for relation, source in self.inc.get(here, ()):
                if spreads[relation] and source not in seen:
                    seen[source] = here
                    queue.append(source)
            for relation, target in self.out.get(here, ()):
                if not spreads[relation] and target not in seen:
                    seen[target] = here
                    queue.append(target)
        return seen

    def exposed(self) -> list[str]:
        found = []
        for key, (is_open, high) in sorted(self.risks.items()):
            if not is_open:
                continue
            mitigations = [t for r, t in self.out.get(key, ()) if r == "mitigated_by"]
            if any(self.validity.get(d) == "applies" for d in mitigations):
                continue
            if mitigations or high:
                found.append(key)
        return found

    def conflicts(self) -> list[tuple[str, str]]:
        return [(k, t) for k in sorted(self.validity) if self.validity[k] == "applies"
                for r, t in self.out.get(k, ()) if r == "depends_on"
                and self.validity.get(t) != "applies"]


def measure_queries(size: int, cached: Path, s: Settings) -> list[Row]:
    import riskreg
    from riskreg import Rating, Validity

    rows: list[Row] = []
    with scratch() as folder:
        path = copy_register(cached, folder / "queries.json")
        with riskreg.Register.open(path, user="bench", today=_today) as reg:
            build = timed(lambda: reg.graph)
            plain = PlainGraph.of(reg)
            # the decision most rests on: the applying one with the most links in
            applying = [k for k, v in plain.validity.items() if v == "applies"]
            target = max(applying, key=lambda k: (len(plain.inc.get(k, ())), k))
            risk_keys = [r.key for r in reg.risks()[:100]]
            n = [0]

            def edit() -> None:
                """A re-rating: it changes what the graph knows, so cached answers go."""
                n[0] += 1
                key = risk_keys[n[0] % len(risk_keys)]
                old = reg.risk(key).rating  # the residual rating when there is one
                reg.update_risk(key, residual=Rating(old.likelihood % 4 + 1, old.impact),
                                why="bench: före frågan")

            def text_edit() -> None:
                """An edit of text only: the graph and its answers stay as they are."""
                n[0] += 1
                reg.update_risk(risk_keys[n[0] % len(risk_keys)], owner=f"Ägare {n[0]}",
                                why="bench: före frågan")

            questions: list[tuple[str, Callable[[], Any], Callable[[], Any], str]] = [
                (f"impact of {target} if suspended ({len(plain.affected(target)) - 1} items)",
                 lambda: reg.graph.impact(target, Validity.SUSPENDED),
                 lambda: plain.affected(target), "< 10 ms"),
                ("exposed risks", lambda: reg.graph.exposed_risks(), plain.exposed, "< 10 ms"),
                ("conflicts", lambda: reg.graph.conflicts(), plain.conflicts, ""),
                ("full check", lambda: reg.check(),
                 lambda: (plain.exposed(), plain.conflicts()), "< 0.5 s"),
            ]
            for name, ask, floor_fn, goal in questions:
                first, again = [], []
                for _ in range(s.runs):
                    edit()
                    gc.collect()
                    first.append(timed(ask))
                    again.append(timed(ask))
                floor = repeat(floor_fn, s.runs)
                limit = 0.010 if goal == "< 10 ms" else 0.5 if goal else None
                row = Row(size, "graph", f"{name}, first call after an edit", first, floor,
                          "the same answer in plain Python on prepared dicts", goal)
                row.met = None if limit is None else row.median < limit
                rows.append(row)
                row = Row(size, "graph", f"{name}, repeated", again, floor,
                          "the same answer in plain Python on prepared dicts")
                rows.append(row)
            after_text = []
            for _ in range(s.runs):
                text_edit()
                after_text.append(timed(lambda: reg.graph.exposed_risks()))
            rows.append(Row(size, "graph", "exposed risks, first call after a text-only edit",
                            after_text, note="the graph keeps its answers when an edit "
                            "changes nothing it knows"))
            rows.insert(0, Row(size, "graph", "graph build (first use after open)", [build],
                               note="once per open; kept up to date by each edit after that"))
    return rows


# --- the command line vs Taskwarrior -------------------------------------------------------------


def _cli_env() -> dict[str, str]:
    """A command's environment as a user's: no RISKREG_* settings of ours, and .pyc caches
    used and written (this machine sets PYTHONDONTWRITEBYTECODE; users do not)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RISKREG_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(RISKREG_TODAY=TODAY.isoformat(), RISKREG_USER="bench")
    return env


def ensure_taskwarrior() -> tuple[str | None, str]:
    """The ``task`` program; installed from Debian's package when missing and we may (root
    with apt-get); a note of what was done."""
    task = shutil.which("task")
    if task is not None:
        return task, ""
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        return None, "Taskwarrior not installed (apt-get install taskwarrior)"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run([apt, "install", "-y", "-q", "taskwarrior"], env=env, check=False,
                      **quiet).returncode != 0:
        subprocess.run([apt, "update", "-q"], env=env, check=False, **quiet)
        subprocess.run([apt, "install", "-y", "-q", "taskwarrior"], env=env, check=False,
                       **quiet)
    task = shutil.which("task")
    return task, ("Taskwarrior installed from Debian (apt-get install taskwarrior)" if task
                  else "Taskwarrior could not be installed (apt-get install taskwarrior)")


def _riskreg_exe() -> list[str]:
    exe = Path(sys.executable).with_name("riskreg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "riskreg.cli"]


def _task_items(reg: Any) -> list[dict[str, Any]]:
    """The register's risks as Taskwarrior tasks: project = area, with their text."""
    base = datetime(2025, 1, 1)
    items = []
    for n, risk in enumerate(reg.risks()):
        item: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=n + 1)),
            "description": f"{risk.key} {risk.title}",
            "project": risk.area,
            "status": "pending",
            "entry": (base + timedelta(minutes=n)).strftime("%Y%m%dT%H%M%SZ"),
            "priority": "H" if reg.level(risk).is_high else "M",
            "tags": [str(risk.status)],
            "annotations": [{"entry": base.strftime("%Y%m%dT%H%M%SZ"),
                             "description": risk.description or risk.title}],
        }
        if risk.owner:
            item["tags"].append(risk.owner.replace(" ", "_"))
        items.append(item)
    return items


def measure_cli(size: int, cached: Path, s: Settings) -> tuple[list[Row], list[str]]:
    """``riskreg risk list --area X --json`` as a process, against Taskwarrior's export of the
    same items; the same the first time after a change (the read cache made again); and the
    read cache checked against outside writers, damage and writers killed while making it."""
    import riskreg

    notes: list[str] = []
    rows: list[Row] = []
    with scratch() as folder:
        path = copy_register(cached, folder / "cli.json")
        with riskreg.Register.open(path, today=_today) as reg:
            counts: dict[str, int] = {}
            for r in reg.risks():
                counts[r.area] = counts.get(r.area, 0) + 1
            area = sorted(counts)[0]
            items = _task_items(reg) if s.taskwarrior else []
        argv = [*_riskreg_exe(), "--db", str(path), "risk", "list", "--area", area, "--json"]
        env = _cli_env()
        cache = path.with_name(path.name + ".readcache")

        def run(cmd: list[str], environ: dict[str, str]) -> Callable[[], None]:
            def go() -> None:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environ, check=True)
            return go

        def cold() -> None:
            cache.unlink(missing_ok=True)
            run(argv, env)()

        run(argv, env)()  # warm: the page cache, .pyc files, the read cache
        export: list[str] | None = None
        tenv: dict[str, str] = {}
        task: str | None = None
        if not s.taskwarrior:
            notes.append("Taskwarrior comparison skipped (--no-taskwarrior)")
        else:
            task, note = ensure_taskwarrior()
            if note:
                notes.append(note)
        if task is not None:
            data = folder / "taskdata"
            data.mkdir()
            rc = folder / "taskrc"
            rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n"
                          "hooks=off\nnews.version=2.6.2\n")
            tenv = {**os.environ, "TASKDATA": str(data), "TASKRC": str(rc)}
            file = folder / "tasks.json"
            file.write_text(json.dumps(items, ensure_ascii=False))
            started = time.perf_counter()
            try:
                subprocess.run([task, "import", str(file)], env=tenv, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=max(600, size // 50))
                imported = time.perf_counter() - started
                export = [task, f"project:{area}", "export"]
                got = subprocess.run(export, env=tenv, check=True, capture_output=True)
                found = len(json.loads(got.stdout))
                if found != counts[area]:
                    notes.append(f"Taskwarrior exported {found} items of project {area}, "
                                 f"riskreg lists {counts[area]}")
                run(export, tenv)()  # warm
                notes.append(f"Taskwarrior {_task_version(task)}: imported {len(items):,} "
                             f"tasks in {imported:.1f} s (size {size:,})")
            except subprocess.TimeoutExpired:
                export = None
                notes.append(f"Taskwarrior import of {len(items):,} tasks timed out: "
                             "comparison skipped at this size")
        # interleaved: whatever else the machine does falls on each alike
        ours: list[float] = []
        theirs: list[float] = []
        startup: list[float] = []
        imports: list[float] = []
        for _ in range(s.cli_runs):
            ours.append(timed(run(argv, env)))
            if export is not None:
                theirs.append(timed(run(export, tenv)))
            startup.append(timed(run([sys.executable, "-c", "pass"], env)))
            imports.append(timed(run([sys.executable, "-c", "import riskreg.cli"], env)))
        first = [timed(cold) for _ in range(max(3, s.cli_runs // 2))]
        without = [timed(run(argv, {**env, "RISKREG_READ_CACHE": "off"}))
                   for _ in range(max(3, s.cli_runs // 2))]
        checked, failed = check_read_cache(path, argv, env, area)
        row = Row(size, "cli", f"riskreg risk list --area {area} --json ({counts[area]:,} risks)",
                  ours, theirs or None, "Taskwarrior: task project:X export, same items",
                  "<= 1x Taskwarrior")
        row.met = None if row.ratio is None else row.ratio <= 1.0
        row.extra["read_cache_checks"] = {"identical": checked - len(failed), "of": checked,
                                          "failed": failed}
        rows.append(row)
        rows.append(Row(size, "cli", "  the same, first time after a change (cache made again)",
                        first, theirs or None, "Taskwarrior: task project:X export, same items"))
        rows.append(Row(size, "cli", "  the same, RISKREG_READ_CACHE=off (no read cache)",
                        without, theirs or None, "Taskwarrior: task project:X export, same items"))
        rows.append(Row(size, "cli", "  of which: python -c pass", startup))
        rows.append(Row(size, "cli", "  of which: python -c 'import riskreg.cli'", imports))
        notes.append(f"read cache at {size:,} risks: {checked - len(failed)} of {checked} answers "
                     "identical to the register's after outside writes, damage and killed "
                     "writers" + (f" (differing: {', '.join(failed)})" if failed else ""))
    return rows, notes


def check_read_cache(path: Path, argv: list[str], env: dict[str, str], area: str
                     ) -> tuple[int, list[str]]:
    """Answers through the read cache compared with the register's own (the cache removed
    first), after: an outside writer (another process's Register), a same-size hand edit with
    its mtime put back, a truncated and a garbage cache, and command lines killed at random
    moments while they made the cache. How many compared, and which differed."""
    import random

    import riskreg

    cache = path.with_name(path.name + ".readcache")

    def answer() -> bytes:
        return subprocess.run(argv, capture_output=True, env=env, check=True).stdout

    def register_answer() -> bytes:
        cache.unlink(missing_ok=True)
        return answer()

    checks: list[tuple[str, Callable[[], None]]] = []

    def outside_writer() -> None:
        with riskreg.Register.open(path, user="annan", today=_today) as reg:
            key = reg.risks(area=area)[0].key
            reg.update_risk(key, owner=f"Skript {time.time_ns()}", why="bench: utifrån")

    def hand_edit() -> None:
        before = os.stat(path)
        raw = path.read_bytes()
        at = raw.find(b'"owner":"Skript ')
        if at < 0:
            return
        at += len(b'"owner":"Skript ')
        digit = raw[at:at + 1]
        new = b"1" if digit != b"1" else b"2"
        with open(path, "r+b") as handle:
            handle.seek(at)
            handle.write(new)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    def truncated() -> None:
        data = cache.read_bytes()
        cache.write_bytes(data[: len(data) // 2])

    def garbage() -> None:
        cache.write_bytes(os.urandom(max(1, cache.stat().st_size)))

    checks += [("outside writer", outside_writer), ("same-size hand edit, mtime kept", hand_edit),
               ("truncated cache", truncated), ("garbage cache", garbage)]
    failed: list[str] = []
    count = 0
    for name, damage in checks:
        answer()  # the cache as it is before
        damage()
        got = answer()
        count += 1
        if got != register_answer():
            failed.append(name)
    rng = random.Random(12)
    for n in range(6):  # killed while making the cache (or at any other moment of its run)
        cache.unlink(missing_ok=True)
        outside_writer()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env)
        time.sleep(rng.uniform(0.05, 1.5))
        process.kill()
        process.wait()
        count += 1
        if answer() != register_answer():
            failed.append(f"killed writer {n + 1}")
    return count, failed


def _task_version(task: str) -> str:
    try:
        return subprocess.run([task, "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return "?"


# --- the parts others own: export and TUI --------------------------------------------------


def run_part(module: str, args: list[str], results: Path, timeout: int) -> tuple[
        dict[str, Any] | None, str]:
    """Run ``python -m bench.<module>`` if it exists and read the results file it writes."""
    if not (HERE / f"{module}.py").exists():
        return None, f"bench/{module}.py is not there yet: skipped"
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", f"bench.{module}", *args],
                              cwd=HERE.parent, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return None, f"bench/{module}.py took longer than {timeout} s: stopped"
    if done.returncode not in (0, 1) or not results.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return None, f"bench/{module}.py failed (exit {done.returncode}): {' / '.join(tail)}"
    if results.stat().st_mtime < time.time() - (time.perf_counter() - started) - 5:
        return None, f"bench/{module}.py did not write {results.name}"
    return json.loads(results.read_text()), ""


def measure_export(size: int, s: Settings) -> tuple[list[Row], list[str]]:
    doc, note = run_part("export_bench", ["--risks", str(size)], HERE / "export_results.json",
                         timeout=3600)
    if doc is None:
        return [], [note]
    rows = []
    for r in doc.get("results", []):
        if not str(r.get("register", "")).startswith("synthetic"):
            continue
        runs = r.get("export_runs_s") or [r["export_s"]]
        formats = ", ".join(f"{k} {v:.1f} s" for k, v in r.get("render_s", {}).items())
        row = Row(size, "export", f"export {r['recipients']} municipalities x all formats "
                  f"({r['files']} files)", runs, goal="< 60 s",
                  note=f"build {r.get('build_s', 0):.1f} s; render {formats}")
        row.met = row.median < 60.0
        rows.append(row)
    return rows, []


def measure_tui(size: int, s: Settings) -> tuple[list[Row], list[str]]:
    doc, note = run_part("tui_bench", ["--runs", str(max(2, s.runs // 2)), "--risks", str(size)],
                         HERE / "tui_results.json", timeout=1800)
    if doc is None:
        return [], [note]
    floor = doc["floor_empty_app_first_paint_s"]["all"]
    paint = doc["risk_table_first_paint_s"]
    keys = doc["filter_keystroke_s"]
    first = Row(size, "tui", "TUI: first paint of the risk table", paint["all"], floor,
                "first paint of an empty Textual app", "< 1 s")
    first.met = first.median < 1.0
    typed = Row(size, "tui", "TUI: filter keystroke -> repainted table", keys["all"], floor,
                "first paint of an empty Textual app", "< 100 ms")
    typed.met = typed.median < 0.1
    return [first, typed], []


def measure_cli_bench(s: Settings, tui: bool) -> tuple[list[Row], list[str]]:
    """The command line on the example register and the UI's first frame (bench/cli_bench.py)."""
    args = ["--runs", str(max(7, s.runs * 3)), "--tui-runs", str(max(3, s.runs))]
    if not tui:
        args.append("--no-tui")
    doc, note = run_part("cli_bench", args, HERE / "cli_results.json", timeout=1800)
    if doc is None:
        return [], [note]
    rows = []
    for r in doc["results"]:
        if r["group"] == "floor" and r["name"] != "python -c pass":
            continue
        row = Row(48, "cli-example", r["name"], r["runs_s"], goal=r["goal"] or "",
                  met=r["met"], note=f"CPU {r['cpu_median_s'] * 1e3:.1f} ms, "
                  f"x{r['cpu_ratio']:.2f} the floor's CPU")
        row.ratio_override = r["ratio"]
        row.extra.update(cpu_runs_s=r["cpu_runs_s"], cpu_ratio=r["cpu_ratio"],
                         group_in_cli_bench=r["group"])
        rows.append(row)
    if doc.get("tui"):
        tui_doc = doc["tui"]
        rows.append(Row(48, "cli-example",
                        "riskreg tui: process start to the first frame with data",
                        tui_doc["first_frame_s"],
                        note=f"pty 160x48, until '{tui_doc['needle']}' is shown"))
        rows.append(Row(48, "cli-example",
                        "riskreg tui: process start to its exit after that frame",
                        tui_doc["exit_after_first_frame_s"], goal="< 1 s", met=tui_doc["met"],
                        note="RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1"))
    return rows, []
