"""PostgreSQL for the tests: one throwaway server per test process, a fresh database per test.

The fixtures (in conftest.py) are ``pg_server`` (session: started when the first test asks
for it; each xdist worker has its own), ``pg_url`` (a fresh database on it, dropped after the
test) and ``pg_private_server`` (a server of the test's own, for tests that stop and restart
it). A test using them is marked ``postgres`` automatically (``-m "not postgres"`` leaves them
out). No mocks: they talk to a real server (:mod:`riskreg.server.local`).

Without PostgreSQL on the machine (programs, psycopg, or as root a ``postgres`` user) the tests
are skipped with a note on how to install it; when ``CI`` is set they fail instead (``.ci/run``
installs PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

import pytest
from psycopg.conninfo import conninfo_to_dict

from riskreg.errors import PostgresUnavailableError
from riskreg.server.local import LocalServer

FIXTURES = frozenset({"pg_server", "pg_url", "pg_private_server"})


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


@contextmanager
def fresh_database(server: LocalServer, template: str = "template1") -> Iterator[str]:
    """The URL of a new database on ``server`` (a copy of ``template``), dropped afterwards
    (with any connection the test left open)."""
    url = server.create_database(template=template)
    name = conninfo_to_dict(url)["dbname"]
    try:
        yield url
    finally:
        if server.running:
            server.drop_database(name)
