"""``riskreg user``: the people of a register on a server (add, list, role, remove).

A person is a login role of the PostgreSQL server (authenticated by the server: scram
password, peer, certificates), with a name, an organisation and a role in one register.
Only a redaktör of the register (or the database's administrator) changes them; the
server enforces it. A register file has no people: its access is the file's permissions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json, fail
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.cli.types import EnumChoice
from riskreg.messages import N_
from riskreg.vocabulary import Role

if TYPE_CHECKING:
    from riskreg.organisations import Directory


@click.group(cls=RiskregGroup, help=N_("cli.help.user"))
def user() -> None:
    """The people of a register on a server: add, list, change role, remove."""


def _server_url(state: State) -> str:
    from riskreg.locations import is_url

    if not is_url(state.db):
        fail(click.get_current_context(), "cli.user.needs_url", db=state.db)
    return state.db


def _directory(state: State) -> Directory:
    """The organisations the register knows (the built-in ones and its own)."""
    with state.open() as reg:
        return reg.directory


def _organisation(state: State, code_or_name: str) -> tuple[str, str]:
    """(code, name) of an organisation the register knows, by code or name."""
    org = _directory(state).get(code_or_name)
    return org.code, org.name


def _org_name(directory: Directory, code: str) -> str:
    return directory.get(code).name if code in directory else code


def _password(state: State, login: str, from_stdin: bool, prompt: bool) -> str | None:
    """The new password: read from stdin (one line) or asked for twice, never an option."""
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    if prompt:
        return str(click.prompt(state.t("cli.user.password", login=login), hide_input=True,
                                confirmation_prompt=True))
    return None


_password_options = [
    option("--password", "ask_password", is_flag=True, help=N_("cli.help.user.password")),
    option("--password-stdin", "password_stdin", is_flag=True,
           help=N_("cli.help.user.password_stdin")),
]


def _with_password_options(f: click.decorators.FC) -> click.decorators.FC:
    for password_option in reversed(_password_options):
        f = password_option(f)
    return f


@user.command("add", help=N_("cli.help.user.add"))
@argument("login", metavar=N_("cli.metavar.login"))
@option("--name", required=True, help=N_("cli.help.user.add.name"))
@option("--org", "organisation", required=True,
              help=N_("cli.help.user.add.organisation"))
@option("--role", required=True, type=EnumChoice(Role),
              help=N_("cli.help.user.add.role"))
@_with_password_options
@click.pass_obj
def user_add(state: State, login: str, name: str, organisation: str, role: Role,
             ask_password: bool, password_stdin: bool) -> None:
    """Add LOGIN to the register at --db (a postgresql:// URL) as a person with a role.

    The server login LOGIN is made if it does not exist. Refused for a login the
    register has already (change it with 'riskreg user role').
    """
    from riskreg.server.admin import people, put_person
    from riskreg.words import word

    url = _server_url(state)
    code, org_name = _organisation(state, organisation)
    if any(p.login == login for p in people(url)):
        fail(click.get_current_context(), "cli.user.exists", login=login)
    password = _password(state, login, password_stdin, ask_password)
    put_person(url, login, name, code, role.value, password=password)
    click.echo(state.t("cli.user.saved", login=login, name=name, org=org_name,
                       role=word("role", role, state.lang)))


@user.command("role", help=N_("cli.help.user.role"))
@argument("login", metavar=N_("cli.metavar.login"))
@argument("role", type=EnumChoice(Role))
@option("--org", "organisation", default=None,
              help=N_("cli.help.user.role.organisation"))
@_with_password_options
@click.pass_obj
def user_role(state: State, login: str, role: Role, organisation: str | None,
              ask_password: bool, password_stdin: bool) -> None:
    """Give LOGIN the role ROLE (and with --org another organisation).

    The register keeps at least one redaktör: the last one cannot be given another role.
    """
    from riskreg.server.admin import people, put_person
    from riskreg.words import word

    url = _server_url(state)
    found = next((p for p in people(url) if p.login == login), None)
    if found is None:
        fail(click.get_current_context(), "cli.user.unknown", login=login)
    if organisation is not None:
        code, org_name = _organisation(state, organisation)
    else:
        code, org_name = found.organisation, _org_name(_directory(state), found.organisation)
    password = _password(state, login, password_stdin, ask_password)
    put_person(url, login, found.name, code, role.value, password=password)
    click.echo(state.t("cli.user.saved", login=login, name=found.name, org=org_name,
                       role=word("role", role, state.lang)))


@user.command("remove", help=N_("cli.help.user.remove"))
@argument("login", metavar=N_("cli.metavar.login"))
@click.pass_obj
def user_remove(state: State, login: str) -> None:
    """Remove LOGIN from the register (their server login stays: other registers may
    know it). The last redaktör cannot be removed."""
    from riskreg.server.admin import drop_person

    url = _server_url(state)
    if not drop_person(url, login):
        fail(click.get_current_context(), "cli.user.unknown", login=login)
    click.echo(state.t("cli.user.removed", login=login))


@user.command("list", help=N_("cli.help.user.list"))
@options.as_json
@click.pass_obj
def user_list(state: State, as_json: bool) -> None:
    """The people of the register (a redaktör sees everyone; anyone else, themselves)."""
    from riskreg.server.admin import people
    from riskreg.words import word

    rows = people(_server_url(state))
    if as_json:
        echo_json({"count": len(rows), "people": [
            {"login": p.login, "name": p.name, "organisation": p.organisation, "role": p.role}
            for p in rows]})
        return
    if not rows:
        click.echo(state.t("cli.user.none"))
        return
    from riskreg.cli_output import Column, table

    t = state.t
    directory = _directory(state)
    click.echo(table(
        [Column(t("cli.col.login")), Column(t("cli.col.name"), flex=True),
         Column(t("cli.col.organisation"), flex=True), Column(t("cli.col.role"))],
        [[p.login, p.name, f"{_org_name(directory, p.organisation)} ({p.organisation})",
          word("role", p.role, state.lang)] for p in rows]))
