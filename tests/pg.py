"""PostgreSQL for the tests: one throwaway server per test process, a fresh database per test.

The fixtures (in conftest.py) are ``pg_server`` (session: started when the first test asks
for it; each xdist worker has its own), ``pg_url`` (a fresh database on it, made in the
background while the previous test ran, dropped after the test) and ``pg_private_server``
(a server of the test's own, for tests that stop and restart it). A test using them is
marked ``postgres`` automatically (``-m "not postgres"`` leaves them out). No mocks: they
talk to a real server (:mod:`riskreg.server.local`).

Without PostgreSQL on the machine (programs, psycopg, or as root a ``postgres`` user) the tests
are skipped with a note on how to install it; when ``CI`` is set they fail instead (``.ci/run``
installs PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, NoReturn

import pytest
from psycopg.conninfo import conninfo_to_dict

from riskreg.errors import PostgresUnavailableError
from riskreg.server.local import LocalServer

FIXTURES = frozenset({"pg_server", "pg_url", "pg_private_server", "server_location",
                      "_pg_contract_database"})


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """``CI`` is set to something other than empty, 0, false or no."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str, environ: Mapping[str, str] = os.environ) -> NoReturn:
    """Skip the test, saying why and how to install PostgreSQL; fail it when CI is set."""
    if in_ci(environ):
        pytest.fail(f"{reason}; CI is set, so the PostgreSQL tests fail instead of skipping",
                    pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def require_postgres() -> None:
    """``unavailable`` unless this machine can run a local server (for tests that start one
    in a subprocess); such a test carries ``@pytest.mark.postgres`` itself."""
    try:
        LocalServer()
    except PostgresUnavailableError as err:
        unavailable(err.message("en"))


@contextmanager
def local_server(**options: Any) -> Iterator[LocalServer]:
    """A started :class:`LocalServer`, closed afterwards; ``unavailable`` when the machine
    lacks PostgreSQL (any other failure to start is an error, with the server log)."""
    try:
        server = LocalServer(**options)
    except PostgresUnavailableError as err:
        unavailable(err.message("en"))
    try:
        server.start()
    except PostgresUnavailableError as err:
        server.close()
        unavailable(err.message("en"))
    except BaseException:
        server.close()
        raise
    try:
        yield server
    finally:
        server.close()


def database_name(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])


@contextmanager
def fresh_database(server: LocalServer, template: str = "template1") -> Iterator[str]:
    """The URL of a new database on ``server`` (a copy of ``template``), dropped afterwards
    (with any connection the test left open)."""
    url = server.create_database(template=template)
    try:
        yield url
    finally:
        if server.running:
            server.drop_database(database_name(url))


class DatabaseSupply:
    """Fresh databases on ``server``, made and dropped in a background thread while tests run,
    so a test rarely waits for CREATE DATABASE (copying template1, 0.1-0.5 s) or for DROP
    DATABASE (which forces a checkpoint: it writes out a database made meanwhile).

    ``take()`` gives the URL of a new database (a copy of ``template``) and starts making the
    next; ``give_back(url)`` drops it after that one is made. ``close()`` drops the one made
    ahead, waits for the drops and raises the first that failed. A server with a template of
    its own (one holding a schema) can have a supply of its own; nobody may be connected to the
    template while it runs.
    """

    def __init__(self, server: LocalServer, template: str = "template1") -> None:
        self.server = server
        self.template = template
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-databases")
        self._next: Future[str] | None = None
        self._drops: list[Future[None]] = []

    def take(self) -> str:
        ready, self._next = self._next, None
        try:
            url = (ready or self._worker.submit(self._make)).result()
        finally:
            if self.server.running:
                self._next = self._worker.submit(self._make)
        return url

    def give_back(self, url: str) -> None:
        """Drop the database in the background, ending any connection left open to it."""
        self._drops = [drop for drop in self._drops if not drop.done() or drop.exception()]
        self._drops.append(self._worker.submit(self._drop, database_name(url)))

    def close(self) -> None:
        ahead, self._next = self._next, None
        if ahead is not None and not ahead.cancel() and ahead.exception() is None:
            self.give_back(ahead.result())
        self._worker.shutdown(wait=True)
        for drop in self._drops:
            drop.result()

    def _make(self) -> str:
        return self.server.create_database(template=self.template)

    def _drop(self, name: str) -> None:
        if self.server.running:  # a stopped server's databases go with its folder
            self.server.drop_database(name)


@contextmanager
def supplied_database(supply: DatabaseSupply) -> Iterator[str]:
    """A database from ``supply``, given back (dropped in the background) afterwards."""
    url = supply.take()
    try:
        yield url
    finally:
        supply.give_back(url)
