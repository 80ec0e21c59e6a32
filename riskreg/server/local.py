"""A throwaway local PostgreSQL server for tests, development and demos.

::

    with LocalServer() as server:
        server.url                  # postgresql://postgres@/riskreg?host=/tmp/riskreg-pg-…&port=5432
        url = server.create_database()         # a fresh database (a copy of template1)
        server.stop(mode="immediate")          # as if the server crashed
        server.start()                         # crash recovery on the same data folder

``initdb`` makes a cluster in a temporary folder (UTF-8, collation C, character classes
C.UTF-8 where the machine has that locale, trust authentication: the only way in is the Unix
socket in that folder, which only the server's user and root can reach); ``postgres`` listens
on that socket only (no TCP). fsync stays on unless asked otherwise. PostgreSQL refuses to run
as root: when this process is root, initdb and the server run as the OS user ``postgres``
(which Debian's ``apt-get install postgresql`` creates), otherwise as the current user.

Closing (the end of the ``with`` block, also after KeyboardInterrupt) stops the server
(``fast``, then ``immediate`` if that hangs) and removes the folder. A small watchdog process
does the same if this process dies without closing it (SIGKILL, SIGTERM, a crashed test
worker), so no server is left behind.

``python -m riskreg.server.local`` runs one until Ctrl+C and prints its URL.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from riskreg.errors import LocalServerError, PostgresUnavailableError, RiskregError
from riskreg.messages import resolve_language, translate

if TYPE_CHECKING:
    import psycopg

__all__ = ["DEBIAN_ROOT", "LocalServer", "find_postgres_bin", "main"]

DEBIAN_ROOT = Path("/usr/lib/postgresql")  # Debian/Ubuntu: /usr/lib/postgresql/<major>/bin
PROGRAMS = ("initdb", "postgres")
SUPERUSER = "postgres"  # the database superuser initdb creates (whatever the OS user)
SERVER_OS_USER = "postgres"  # the OS user the server runs as when this process is root
SOCKET_PATH_LIMIT = 107  # sizeof(sun_path) - 1 on Linux
LOG_LINES = 30  # lines of the server log an error shows
STOP_WAIT = {"fast": 30.0, "immediate": 10.0, "kill": 10.0}  # seconds per step of a stop
StopMode = Literal["fast", "immediate"]

_WATCHDOG = Path(__file__).with_name("_watchdog.py")
_SIGNALS = {"fast": signal.SIGINT, "immediate": signal.SIGQUIT, "kill": signal.SIGKILL}
# what pg_ctl stop -m MODE sends; a mode that does not end the server in time falls back
_ESCALATION: dict[str, tuple[str, ...]] = {
    "fast": ("fast", "immediate", "kill"),
    "immediate": ("immediate", "kill"),
}


def find_postgres_bin(
    search_path: str | None = None, roots: Sequence[Path] = (DEBIAN_ROOT,)
) -> Path:
    """The folder of PostgreSQL's server programs (``initdb``, ``postgres``).

    First the folder ``initdb`` on ``search_path`` (``PATH`` by default) really lives in (a
    symlink is followed, so the other programs come from the same installation), else the
    highest version under ``roots``' ``<version>/bin`` (Debian puts them there, off PATH).
    Raises :class:`PostgresUnavailableError`, saying how to install PostgreSQL, when neither has
    them.
    """
    on_path = shutil.which("initdb", path=search_path)
    if on_path is not None:
        folder = Path(os.path.realpath(on_path)).parent
        if _has_programs(folder):
            return folder
    found = [
        (_version_key(bin_dir.parent.name), bin_dir)
        for root in roots
        for bin_dir in root.glob("*/bin")
        if _has_programs(bin_dir)
    ]
    if found:
        return max(found)[1]
    searched = ", ".join(str(root / "*" / "bin") for root in roots) or "-"
    raise PostgresUnavailableError(searched=searched)


def _has_programs(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) and (folder / name).is_file()
               for name in PROGRAMS)


def _version_key(name: str) -> tuple[int, ...]:
    """"9.6" < "13" < "15"; a folder that is not a version sorts first."""
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return (-1,)


@dataclass(frozen=True)
class _Account:
    """The unprivileged OS user the server runs as when this process is root."""

    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]
    home: str

    @classmethod
    def for_root(cls, name: str) -> _Account | None:
        """The account to switch to, or None when this process is not root (it runs as itself)."""
        if os.geteuid() != 0:
            return None
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise PostgresUnavailableError("error.postgres_user_missing", user=name) from None
        groups = tuple(os.getgrouplist(name, entry.pw_gid))
        return cls(name, entry.pw_uid, entry.pw_gid, groups, entry.pw_dir)

    def popen_options(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": list(self.groups)}


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise PostgresUnavailableError("error.postgres_driver_missing") from None
    return psycopg


def _c_utf8_locale() -> str | None:
    """The name of the C.UTF-8 locale on this machine (glibc calls it C.utf8), if it has one."""
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10,
                                check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return next((name for name in listed if name.lower() in ("c.utf8", "c.utf-8")), None)


def _conf_value(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _log_tail(path: Path, start: int = 0, lines: int = LOG_LINES) -> str:
    try:
        with path.open("rb") as log:
            log.seek(start)
            text = log.read().decode("utf-8", "replace")
    except OSError:
        return "-"
    return "\n".join(text.splitlines()[-lines:]) or "-"


class LocalServer:
    """A throwaway PostgreSQL server in a temporary folder, on a Unix socket only.

    Constructing checks that the machine can run one (PostgreSQL's programs, psycopg, as root
    the OS user ``os_user``; else :class:`PostgresUnavailableError`) and has no other effect.
    Then :meth:`start` (or use ``with``): the first start runs ``initdb``, starts
    the server and creates ``database``. :meth:`stop` and :meth:`start` again keep the data
    folder (``stop(mode="immediate")`` is a crash: the next start recovers from the WAL);
    :meth:`close` stops the server and removes the folder. :meth:`create_database` and
    :meth:`drop_database` may be called from several threads at once; the rest not.

    ``fsync=False`` also turns off full_page_writes and makes initdb skip its sync: faster, and
    still safe when the *server* crashes or is stopped with ``immediate`` (the WAL is written
    before a commit returns either way, synchronous_commit stays on); only a crash of the whole
    machine could lose committed data. ``settings`` are added to postgresql.conf.
    """

    def __init__(
        self,
        *,
        database: str = "riskreg",
        fsync: bool = True,
        base_dir: str | Path | None = None,
        bin_dir: str | Path | None = None,
        port: int = 5432,
        max_connections: int = 200,
        settings: Mapping[str, object] | None = None,
        start_timeout: float = 60.0,
        os_user: str = SERVER_OS_USER,
    ) -> None:
        self.bin_dir = Path(bin_dir) if bin_dir is not None else find_postgres_bin()
        _psycopg()
        self.database = database
        self.fsync = fsync
        self.port = port
        self.start_timeout = start_timeout
        self._base_dir = base_dir
        self._account = _Account.for_root(os_user)
        self._settings: dict[str, object] = {
            "listen_addresses": "",
            "port": port,
            "max_connections": max_connections,
            "fsync": "on" if fsync else "off",
            "full_page_writes": "on" if fsync else "off",
            "timezone": "UTC",
            "log_timezone": "UTC",
            **(settings or {}),
        }
        self._folder: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._admins: dict[int, psycopg.Connection[Any]] = {}  # one per thread
        self._admins_lock = threading.Lock()
        self._log_start = 0
        self._created_database = False
        self._closed = False
        self._names = itertools.count(1)

    # --- where it is -----------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        """The temporary folder: ``data/`` (the cluster), the socket, ``postgres.log``."""
        if self._folder is None:
            raise LocalServerError("error.local_server_not_running", folder="-")
        return self._folder

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log_path(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def url(self) -> str:
        """The URL of ``database``, for psycopg and ``RISKREG_DB``."""
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        """``postgresql://postgres@/<database>?host=<folder>&port=<port>``: the socket folder
        as host (psycopg/libpq read a path there as a Unix socket folder); the port names the
        socket file and is given so that a PGPORT in the environment cannot redirect it."""
        return (f"postgresql://{SUPERUSER}@/{quote(database, safe='')}"
                f"?host={quote(str(self.folder), safe='/')}&port={self.port}")

    @property
    def pid(self) -> int | None:
        """The postmaster's process id while it runs."""
        return self._process.pid if self.running and self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait until the server process ends (or ``timeout`` seconds pass); its exit code."""
        process = self._process
        if process is None:
            return None
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def log_tail(self, lines: int = LOG_LINES) -> str:
        """The last ``lines`` lines of the server log (every start appends to it)."""
        return _log_tail(self.log_path, 0, lines)

    # --- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Start the server (initdb first, the first time); returns once it takes connections.

        Raises :class:`LocalServerError` with the end of the server log if it exits or is not
        ready within ``start_timeout`` seconds (it is then stopped, the folder kept for close).
        """
        if self._closed:
            raise LocalServerError("error.local_server_closed")
        if self.running:
            return
        if self._folder is None:
            self._make_cluster()
        self._launch()
        if not self._created_database:
            self.create_database(self.database)
            self._created_database = True

    def stop(self, mode: StopMode = "fast") -> None:
        """Stop the server as ``pg_ctl stop -m MODE`` does; the data folder stays.

        ``fast`` (SIGINT) rolls back open transactions, disconnects clients and writes a
        checkpoint; ``immediate`` (SIGQUIT) ends every process at once, as a crash would, and
        the next start recovers from the WAL. A mode that does not end the server in time
        falls back to the next (fast → immediate → SIGKILL).
        """
        self._close_admins()
        process = self._process
        if process is None:
            return
        for step in _ESCALATION[mode]:
            if process.poll() is not None:
                break
            process.send_signal(_SIGNALS[step])
            try:
                process.wait(STOP_WAIT[step])
            except subprocess.TimeoutExpired:
                continue
            break
        if process.poll() is None:
            raise LocalServerError("error.local_server_stop", pid=process.pid,
                                   folder=self._folder)
        self._process = None
        self._tell_watchdog("stopped")

    def close(self) -> None:
        """Stop the server and remove its folder; a closed server cannot start again."""
        if self._closed:
            return
        self._closed = True
        try:
            self.stop()
            if self._folder is not None:
                shutil.rmtree(self._folder)
        except BaseException:
            self._end_watchdog(closed=False)  # it stops whatever is left and removes the folder
            raise
        self._end_watchdog(closed=True)

    def __enter__(self) -> LocalServer:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "closed" if self._closed else "stopped"
        return f"<LocalServer {state} {self._folder or '(not started)'}>"

    # --- databases ---------------------------------------------------------------------------

    def create_database(self, name: str | None = None, *, template: str = "template1") -> str:
        """Create a database as a copy of ``template`` and return its URL.

        Without a name, one unique in this server is chosen (``db_1``, ``db_2``, …). Any
        database can serve as the template (e.g. one holding a schema) as long as nobody is
        connected to it while it is copied.
        """
        psycopg = _psycopg()
        name = name or f"db_{next(self._names)}"
        self._admin_connection().execute(
            psycopg.sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Identifier(template)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop a database if it exists, ending any sessions still connected to it."""
        psycopg = _psycopg()
        self._admin_connection().execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(name)))

    def server_version(self) -> str:
        """The server's version, e.g. ``15.18``."""
        version = self._admin_connection().info.parameter_status("server_version")
        return version or "?"

    # --- inside ------------------------------------------------------------------------------

    def _make_cluster(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="riskreg-pg-", dir=self._base_dir))
        self._folder = folder
        socket = folder / f".s.PGSQL.{self.port}"
        if len(str(socket)) > SOCKET_PATH_LIMIT:
            raise LocalServerError("error.local_server_socket_path", path=socket,
                                   limit=SOCKET_PATH_LIMIT)
        if self._account is not None:
            os.chown(folder, self._account.uid, self._account.gid)
        self._start_watchdog(folder)
        ctype = _c_utf8_locale() or "C"
        command = [str(self.bin_dir / "initdb"), "-D", str(self.data_dir),
                   f"--username={SUPERUSER}", "--auth=trust", "--encoding=UTF8",
                   "--locale=C", f"--lc-ctype={ctype}"]
        if not self.fsync:
            command.append("--no-sync")
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              env=self._environment(), cwd=folder, check=False,
                              **self._run_as())
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode("utf-8", "replace")
            raise LocalServerError("error.local_server_initdb", folder=folder,
                                   code=done.returncode,
                                   log="\n".join(output.splitlines()[-LOG_LINES:]))
        self._settings["unix_socket_directories"] = str(folder)
        lines = [f"{name} = {_conf_value(value)}" for name, value in self._settings.items()]
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# riskreg.server.local: a throwaway server on a Unix socket only\n")
            conf.write("\n".join(lines) + "\n")

    def _launch(self) -> None:
        log_path = self.log_path
        with log_path.open("ab") as log:
            self._log_start = log.tell()
            process = subprocess.Popen(
                [str(self.bin_dir / "postgres"), "-D", str(self.data_dir)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self._environment(), cwd=self.folder,
                start_new_session=True,  # Ctrl+C in a terminal reaches us, not the server
                **self._run_as())
        self._process = process
        self._tell_watchdog(f"pid {process.pid}")
        deadline = time.monotonic() + self.start_timeout
        while not self._accepts_connections(process.pid):
            code = process.poll()
            if code is not None:
                self._process = None
                self._tell_watchdog("stopped")
                raise LocalServerError("error.local_server_exited", folder=self.folder,
                                       code=code, **self._log_params())
            if time.monotonic() > deadline:
                self.stop("immediate")
                raise LocalServerError("error.local_server_timeout", folder=self.folder,
                                       seconds=self.start_timeout, **self._log_params())
            time.sleep(0.01)
        try:
            self._admin_connection()
        except Exception as err:
            self.stop("immediate")
            raise LocalServerError("error.local_server_connect", folder=self.folder,
                                   problem=str(err).strip(), **self._log_params()) from err

    def _accepts_connections(self, pid: int) -> bool:
        """What pg_ctl -w waits for: postmaster.pid names this process and says "ready"."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
        except OSError:
            return False
        return len(lines) >= 8 and lines[0].strip() == str(pid) and lines[7].strip() == "ready"

    def _log_params(self) -> dict[str, object]:
        return {"log_path": self.log_path, "log": _log_tail(self.log_path, self._log_start)}

    def _admin_connection(self) -> psycopg.Connection[Any]:
        """This thread's connection to the ``postgres`` database (threads may create and drop
        databases at the same time; each has a connection of its own)."""
        if not self.running:
            raise LocalServerError("error.local_server_not_running", folder=self._folder or "-")
        thread = threading.get_ident()
        with self._admins_lock:
            admin = self._admins.get(thread)
        if admin is None or admin.closed or admin.broken:
            admin = _psycopg().connect(self.url_for("postgres"), autocommit=True,
                                       connect_timeout=10)
            with self._admins_lock:
                self._admins[thread] = admin
        return admin

    def _close_admins(self) -> None:
        with self._admins_lock:
            admins, self._admins = list(self._admins.values()), {}
        for admin in admins:
            admin.close()

    def _environment(self) -> dict[str, str]:
        """This process's environment without libpq's PG* variables, messages in English."""
        environment = {name: value for name, value in os.environ.items()
                       if not name.startswith("PG") and not name.startswith("LC_")}
        environment["LC_ALL"] = "C"
        if self._account is not None:
            environment.update(HOME=self._account.home, USER=self._account.name,
                               LOGNAME=self._account.name)
        return environment

    def _run_as(self) -> dict[str, Any]:
        """subprocess options that run a program as the server's user: the same setgroups,
        setgid and setuid as ``setpriv``, in the child itself. (``runuser`` and ``su`` stay as
        the program's parent and pass SIGINT and SIGQUIT on as SIGTERM, so stop modes could
        not reach the server.)"""
        return self._account.popen_options() if self._account is not None else {}

    def _start_watchdog(self, folder: Path) -> None:
        self._watchdog = subprocess.Popen(
            [sys.executable, "-I", str(_WATCHDOG), str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def _tell_watchdog(self, line: str) -> None:
        pipe: IO[bytes] | None = self._watchdog.stdin if self._watchdog is not None else None
        if pipe is None or pipe.closed:
            return
        with contextlib.suppress(BrokenPipeError):
            pipe.write(line.encode() + b"\n")
            pipe.flush()

    def _end_watchdog(self, *, closed: bool) -> None:
        """Close the pipe: with ``closed`` the watchdog just exits; without, it stops whatever
        is left of the server and removes the folder."""
        if closed:
            self._tell_watchdog("closed")
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is None:
            return
        if watchdog.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                watchdog.stdin.close()
        if closed:
            watchdog.wait(10)


# --- python -m riskreg.server.local ----------------------------------------------------------


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run a throwaway server until Ctrl+C (or SIGTERM); print its URL and an export line."""
    lang = resolve_language(None)
    parser = argparse.ArgumentParser(prog="python -m riskreg.server.local",
                                     description=translate("server.description", lang))
    parser.add_argument("--database", default="riskreg",
                        help=translate("server.opt_database", lang, default="riskreg"))
    parser.add_argument("--no-fsync", action="store_true",
                        help=translate("server.opt_no_fsync", lang))
    parser.add_argument("--lang", choices=("sv", "en"), help=translate("server.opt_lang", lang))
    args = parser.parse_args(argv)
    lang = resolve_language(args.lang)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with LocalServer(database=args.database, fsync=not args.no_fsync) as server:
            print(translate("server.running", lang, version=server.server_version(),
                            folder=server.folder))
            print(f"  {server.url}")
            print(f"  export RISKREG_DB={shlex.quote(server.url)}")
            print(translate("server.stop_hint", lang), flush=True)
            code = server.wait()
            print(translate("server.died", lang, code=code, log=server.log_tail()),
                  file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print(translate("server.stopped", lang), flush=True)
        return 0
    except RiskregError as err:
        print(err.message(lang), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
