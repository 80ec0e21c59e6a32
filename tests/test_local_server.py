"""The throwaway PostgreSQL server (riskreg.server.local) and the test fixtures built on it.

Every test here that needs PostgreSQL talks to a real server; without one they skip (fail
under CI). Finding the programs is checked on a folder tree laid out like Debian's.
"""

from __future__ import annotations

import os
import pwd
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pg
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from riskreg.errors import LocalServerError, PostgresUnavailableError
from riskreg.server.local import LocalServer, find_postgres_bin

ROOT = Path(__file__).resolve().parent.parent


# --- processes, as /proc shows them ---------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()  # [state, ppid, ...]


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def _children(pid: int) -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and (_stat(int(entry.name)) or ["", ""])[1] == str(pid)]


def _processes_mentioning(folder: Path) -> list[int]:
    """Live processes whose command line names ``folder`` (the postmaster, the watchdog)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(folder).encode() in cmdline and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _gone(pids: list[int], folder: Path) -> bool:
    return (not any(_alive(pid) for pid in pids) and not folder.exists()
            and not _processes_mentioning(folder))


# --- one server for the session, a fresh database per test --------------------------------


def test_a_test_database_is_fresh_utf8_and_reached_by_socket_only(
    pg_server: LocalServer, pg_url: str, request: pytest.FixtureRequest
) -> None:
    assert request.node.get_closest_marker("postgres") is not None  # -m "not postgres" skips it
    assert pg_url.startswith("postgresql://postgres@/db_")
    assert conninfo_to_dict(pg_url)["host"] == str(pg_server.folder)
    with psycopg.connect(pg_url) as connection:
        settings = dict(connection.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', "
            "'unix_socket_directories', 'fsync', 'synchronous_commit', 'server_encoding')"
        ).fetchall())
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        folded = connection.execute("SELECT lower('ÅÄÖ Émile'), 'Öckerö' ILIKE 'öck%'").fetchone()
        connection.execute("CREATE TABLE risks (key text PRIMARY KEY, title text NOT NULL)")
        connection.execute("INSERT INTO risks VALUES ('R-001', 'Dubbeldokumentation')")
        connection.commit()
        assert connection.execute("SELECT title FROM risks").fetchall() == [
            ("Dubbeldokumentation",)]
    assert settings == {"listen_addresses": "", "unix_socket_directories": str(pg_server.folder),
                        "fsync": "on", "synchronous_commit": "on", "server_encoding": "UTF8"}
    assert tables == (0,)
    assert folded == ("åäö émile", True)  # character classes know Swedish letters (C.UTF-8)


def test_the_server_runs_as_postgres_when_we_are_root_else_as_ourselves(
    pg_server: LocalServer,
) -> None:
    assert pg_server.pid is not None
    status = Path(f"/proc/{pg_server.pid}/status").read_text()
    uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    expected = pwd.getpwnam("postgres").pw_uid if os.geteuid() == 0 else os.geteuid()
    assert uid == expected


def test_fresh_databases_are_isolated_and_dropped_afterwards(pg_server: LocalServer) -> None:
    with pg.fresh_database(pg_server) as first, pg.fresh_database(pg_server) as second:
        assert first != second
        with psycopg.connect(first, autocommit=True) as connection:
            connection.execute("CREATE TABLE only_in_first (n int)")
        with psycopg.connect(second) as connection:
            assert connection.execute(
                "SELECT to_regclass('only_in_first')").fetchone() == (None,)
        left_open = psycopg.connect(second)  # a test that forgets to close its connection
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        psycopg.connect(first)
    with pytest.raises(psycopg.OperationalError):
        left_open.execute("SELECT 1")
    left_open.close()


def test_databases_made_ahead_are_fresh_and_none_is_left_when_the_supply_closes(
    pg_server: LocalServer,
) -> None:
    def databases() -> set[str]:
        with psycopg.connect(pg_server.url) as connection:
            return {name for (name,) in connection.execute("SELECT datname FROM pg_database")}

    before = databases()
    supply = pg.DatabaseSupply(pg_server)
    try:
        with pg.supplied_database(supply) as first:
            with psycopg.connect(first, autocommit=True) as connection:
                connection.execute("CREATE TABLE left_behind (n int)")
            with pg.supplied_database(supply) as second, psycopg.connect(second) as connection:
                # made ahead, while the first was in use
                assert second != first
                assert connection.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    finally:
        supply.close()
    assert databases() == before


def test_a_database_made_from_a_template_starts_with_its_contents(
    pg_server: LocalServer,
) -> None:
    with pg.fresh_database(pg_server) as source:
        with psycopg.connect(source, autocommit=True) as connection:
            connection.execute("CREATE TABLE schema_version (version int)")
            connection.execute("INSERT INTO schema_version VALUES (3)")
        with pg.fresh_database(pg_server, template=pg.database_name(source)) as copy, \
                psycopg.connect(copy) as connection:
            assert connection.execute("SELECT version FROM schema_version").fetchall() == [(3,)]


# --- a server of the test's own: crash, restart, clean-up -----------------------------------


def test_committed_changes_survive_an_immediate_stop_and_a_fast_stop(
    pg_private_server: LocalServer,
) -> None:
    server = pg_private_server
    url = server.url
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE changes (n int PRIMARY KEY)")
        connection.execute("INSERT INTO changes VALUES (1)")
    for mode, committed in (("immediate", 2), ("fast", 3)):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("INSERT INTO changes VALUES (%s)", (committed,))
        pending = psycopg.connect(url)
        pending.execute("INSERT INTO changes VALUES (100)")  # never committed
        server.stop(mode)  # type: ignore[arg-type]
        assert not server.running
        with pytest.raises(psycopg.OperationalError):  # the client is told, not left hanging
            pending.execute("SELECT 1")
        pending.close()
        server.start()
        assert server.url == url
        with psycopg.connect(url) as connection:
            rows = connection.execute("SELECT n FROM changes ORDER BY n").fetchall()
        assert rows == [(n,) for n in range(1, committed + 1)], mode
    log = server.log_tail(lines=1000)
    assert "received immediate shutdown request" in log
    assert "automatic recovery in progress" in log  # the restart really recovered from a crash


@pytest.mark.postgres
def test_a_killed_owner_leaves_no_server_and_no_folder_behind() -> None:
    """SIGKILL (or SIGTERM, or a crashed test worker) of the process that started the server:
    its watchdog stops the server and removes the folder."""
    pg.require_postgres()
    code = ("import time\nfrom riskreg.server.local import LocalServer\n"
            "server = LocalServer()\nserver.start()\n"
            "print(server.pid, server.folder, flush=True)\ntime.sleep(600)\n")
    owner = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    try:
        line = owner.stdout.readline() if owner.stdout is not None else ""
        assert line, "the owner did not start a server"
        pid_text, folder_text = line.split()
        postmaster, folder = int(pid_text), Path(folder_text)
        pids = [postmaster, *_children(postmaster)]
        assert _alive(postmaster) and folder.is_dir()
    finally:
        owner.kill()
        owner.wait()
    assert _until(lambda: _gone(pids, folder)), (pids, folder, _processes_mentioning(folder))


@pytest.mark.postgres
def test_a_server_that_cannot_start_says_why_and_leaves_nothing_behind() -> None:
    pg.require_postgres()
    server = LocalServer(settings={"shared_buffers": "plenty"})
    with pytest.raises(LocalServerError) as caught, server:
        pass
    english, swedish = caught.value.message("en"), caught.value.message("sv")
    assert "exited while starting" in english
    assert 'invalid value for parameter "shared_buffers": "plenty"' in english  # the server log
    assert "avslutades under starten" in swedish
    assert not server.folder.exists() and not _processes_mentioning(server.folder)
    with pytest.raises(LocalServerError, match="closed"):
        server.start()


# --- python -m riskreg.server.local -------------------------------------------------------


def _read_until(process: subprocess.Popen[bytes], marker: bytes, seconds: float = 90) -> str:
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, seen.decode()
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        chunk = os.read(process.stdout.fileno(), 4096) if ready else b""
        assert chunk or ready == [], f"the command ended: {seen.decode()}"
        seen += chunk
    return seen.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_demo_command_prints_a_working_url_and_cleans_up_when_stopped(
    stop_signal: signal.Signals,
) -> None:
    """Stopped with a client still connected, it ends every server process (and its watchdog)
    and removes the folder before it exits."""
    pg.require_postgres()
    command = subprocess.Popen([sys.executable, "-m", "riskreg.server.local", "--lang", "en"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        shown = _read_until(command, b"Ctrl+C")
        export = next(line for line in shown.splitlines() if "export RISKREG_DB=" in line)
        url = shlex.split(export.strip())[1].removeprefix("RISKREG_DB=")
        assert f"  {url}" in shown.splitlines()
        client = psycopg.connect(url)
        assert client.execute("SELECT current_database()").fetchone() == ("riskreg",)
        folder = Path(conninfo_to_dict(url)["host"])
        started = _processes_mentioning(folder)  # the postmaster and the watchdog
        pids = [*started, *(child for pid in started for child in _children(pid))]
        assert len(pids) > 4  # checkpointer, writers, the client's backend, ...
        command.send_signal(stop_signal)
        out, _ = command.communicate(timeout=60)
        assert _gone(pids, folder)  # at once: the command waits for all of it before it exits
        client.close()
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
    assert command.returncode == 0, out
    assert "The server is stopped and its data removed." in out.decode()


# --- finding PostgreSQL; skip or fail without it --------------------------------------------


def _install(folder: Path, *programs: str) -> Path:
    folder.mkdir(parents=True)
    for name in programs:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)
    return folder


def test_postgres_is_found_on_path_else_in_the_newest_debian_version(tmp_path: Path) -> None:
    lib = tmp_path / "usr-lib-postgresql"
    for version in ("9.6", "13", "15"):
        _install(lib / version / "bin", "initdb", "postgres", "pg_ctl")
    _install(lib / "16" / "bin", "initdb")  # incomplete: no server program
    _install(lib / "main" / "bin", "initdb", "postgres")  # not a version
    assert find_postgres_bin("", roots=[lib]) == lib / "15" / "bin"

    on_path = tmp_path / "usr-local-bin"
    on_path.mkdir()
    (on_path / "initdb").symlink_to(lib / "13" / "bin" / "initdb")  # as /usr/local/bin has it
    assert find_postgres_bin(str(on_path), roots=[lib]) == lib / "13" / "bin"

    alone = _install(tmp_path / "initdb-alone", "initdb")  # its postgres is elsewhere
    assert find_postgres_bin(str(alone), roots=[lib]) == lib / "15" / "bin"


def test_without_postgres_the_error_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(PostgresUnavailableError) as caught:
        find_postgres_bin("", roots=[tmp_path])
    assert "apt-get install postgresql" in caught.value.message("en")
    assert str(tmp_path / "*" / "bin") in caught.value.message("en")
    assert caught.value.message("sv").startswith("PostgreSQL hittades inte")


def test_missing_postgres_skips_on_a_developer_machine_and_fails_in_ci() -> None:
    reason = "PostgreSQL was not found: ... apt-get install postgresql"
    for environ in ({}, {"CI": ""}, {"CI": "0"}, {"CI": "false"}):
        with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
            pg.unavailable(reason, environ)
    for environ in ({"CI": "true"}, {"CI": "1"}, {"CI": "yes"}):
        with pytest.raises(pytest.fail.Exception, match="CI is set, so the PostgreSQL tests fail"):
            pg.unavailable(reason, environ)


def test_only_tests_using_postgres_carry_the_postgres_marker(
    request: pytest.FixtureRequest,
) -> None:
    assert request.node.get_closest_marker("postgres") is None  # this one does not
