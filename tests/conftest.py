"""Shared fixtures and hypothesis profiles ("ci": derandomized, bounded; "dev": more examples)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pg
import pytest
import stores
from hypothesis import HealthCheck, settings

import riskreg
from riskreg.server.local import LocalServer

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=50,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

TODAY = date(2026, 11, 22)


def pytest_configure(config: pytest.Config) -> None:
    """The tests read the messages as the .po files have them: a .mo older than its .po (edited
    since the last `make`) is compiled again first (each file written whole, then moved)."""
    import message_tools

    message_tools.load().compile_all()


def fixed_today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def _example_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example")
    path = folder / "riskreg.json"
    riskreg.build_example(path, user="test", today=TODAY).close()
    return path


@pytest.fixture
def example_path(_example_file: Path, tmp_path: Path) -> Path:
    """A fresh copy of the example register (with its history) in this test's folder."""
    target = tmp_path / "riskreg.json"
    shutil.copy2(_example_file, target)
    history = _example_file.with_name(_example_file.name + ".history.jsonl")
    shutil.copy2(history, target.with_name(target.name + ".history.jsonl"))
    return target


@pytest.fixture
def example(example_path: Path) -> Iterator[riskreg.Register]:
    """The example register, opened as user "test" with today fixed to 2026-11-22."""
    with riskreg.Register.open(example_path, user="test", today=fixed_today) as register:
        yield register


@pytest.fixture
def today() -> Callable[[], date]:
    return fixed_today


def copy_register(source: Path, folder: Path) -> Path:
    """Copy a register file and its history into ``folder``; returns the copy's path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "riskreg.json"
    shutil.copy2(source, target)
    shutil.copy2(source.with_name(source.name + ".history.jsonl"),
                 target.with_name(target.name + ".history.jsonl"))
    return target


@pytest.fixture(scope="module")
def exported(_example_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example register exported once, through the CLI, to every municipality, every format.

    ``riskreg export --out out/ --to all`` as a user would run it; returns ``out/``
    (used by test_export.py and test_export_browser.py).
    """
    from click.testing import CliRunner

    from riskreg.cli import cli

    folder = tmp_path_factory.mktemp("export")
    db = copy_register(_example_file, folder / "db")
    out = folder / "out"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--user", "tester", "export", "--out", str(out), "--to", "all"],
        env={"RISKREG_TODAY": TODAY.isoformat()}, catch_exceptions=False,
    )
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Utgåva 1: 49 mottagare" in result.stdout
    return out


# --- PostgreSQL (tests/pg.py): a real throwaway server, started only when a test asks ---------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test using a PostgreSQL fixture carries the ``postgres`` marker."""
    for item in items:
        if pg.FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalServer]:
    """One throwaway PostgreSQL server for this test process (each xdist worker has its own),
    started when the first test asks for it, removed at the end; skipped without PostgreSQL,
    a failure when CI is set."""
    with pg.local_server() as server:
        yield server


@pytest.fixture(scope="session")
def _pg_databases(pg_server: LocalServer) -> Iterator[pg.DatabaseSupply]:
    supply = pg.DatabaseSupply(pg_server)
    try:
        yield supply
    finally:
        supply.close()


@pytest.fixture
def pg_url(_pg_databases: pg.DatabaseSupply) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's server (a copy of template1, made
    while the previous test ran, dropped in the background after this one):
    ``postgresql://postgres@/db_N?host=/tmp/riskreg-pg-…&port=5432``."""
    with pg.supplied_database(_pg_databases) as url:
        yield url


@pytest.fixture
def pg_private_server() -> Iterator[LocalServer]:
    """A started server of this test's own, for tests that stop, crash or restart it;
    stopped and removed after the test."""
    with pg.local_server() as server:
        yield server


# --- the contract suite: one register location per store (tests/stores.py) ---------------------


@pytest.fixture(scope="session")
def _pg_contract_database(_pg_databases: pg.DatabaseSupply) -> Iterator[str]:
    """One database of the session's server for every register of the contract tests (each
    test makes registers of its own in it, side by side)."""
    with pg.supplied_database(_pg_databases) as url:
        yield url


@pytest.fixture(params=stores.params())
def store_kind(request: pytest.FixtureRequest) -> str:
    """``file`` or ``postgresql``: a test asking for it runs once per store."""
    kind: str = request.param
    return kind


@pytest.fixture
def locations(store_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> stores.Locations:
    """New register locations of this run's store (``locations.new()``, as many as needed)."""
    database = (request.getfixturevalue("_pg_contract_database")
                if store_kind == stores.SERVER else None)
    return stores.Locations(store_kind, tmp_path, database)


@pytest.fixture
def location(locations: stores.Locations) -> str:
    """Where this test's register goes: a file in its folder, or a register on the server."""
    return locations.new()


@pytest.fixture
def server_location(_pg_contract_database: str, tmp_path: Path) -> str:
    """A new register on the server (for a test about both stores at once, e.g. a copy)."""
    return stores.Locations(stores.SERVER, tmp_path, _pg_contract_database).new()


# --- the access matrix's counts, printed at the end of the run (issue 10) ---------------------

_MATRIX_TEST = "test_matrix_row_through_the_register_on_a_server"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many (operation, item, role) cases of the access matrix ran as that login on a real
    server, allowed and refused, and how many of them held."""
    counts = {"allowed": [0, 0], "refused": [0, 0]}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if _MATRIX_TEST not in nodeid or getattr(report, "when", "call") != "call":
                continue
            for kind, count in counts.items():
                if nodeid.endswith(f"-{kind}]"):
                    count[outcome == "failed"] += 1
    if sum(a + b for a, b in counts.values()):
        allowed, refused = counts["allowed"], counts["refused"]
        terminalreporter.write_line(
            f"access matrix on a real server, as each login: {allowed[0] + allowed[1]} allowed "
            f"cases ({allowed[1]} failed), {refused[0] + refused[1]} refused cases "
            f"({refused[1]} failed)")
