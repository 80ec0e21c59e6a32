"""``riskreg contacts``: the addresses the status goes to (import, list, export, template,
add, remove)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json, fail
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.cli.types import Choice, EnumChoice
from riskreg.delivery.model import ContactRole
from riskreg.messages import N_, Counted

if TYPE_CHECKING:
    from riskreg.delivery.model import Contact
    from riskreg.register import Register


@click.group(cls=RiskregGroup, help=N_("cli.help.contacts"))
def contacts() -> None:
    """The addresses the status is sent to: import, list, export, add, remove."""


def contact_json(reg: Register, contact: Contact) -> dict[str, Any]:
    """A contact as JSON: its fields, and its organisation's name."""
    from riskreg.serialize import to_doc

    doc: dict[str, Any] = to_doc(contact)
    doc["organisation_name"] = reg.directory.get(contact.organisation).name
    doc["receives_status"] = contact.receives_status
    return doc


@contacts.command("import", help=N_("cli.help.contacts.import"))
@argument("file", metavar=N_("cli.metavar.file"))
@option("--dry-run", is_flag=True, help=N_("cli.help.contacts.import.dry_run"))
@option("--replace", is_flag=True,
              help=N_("cli.help.contacts.import.replace"))
@options.encoding(N_("cli.help.contacts.import.encoding"))
@options.why()
@options.as_json
@click.pass_obj
def contacts_import(state: State, file: str, dry_run: bool, replace: bool,
                    encoding: str | None, why: str, as_json: bool) -> None:
    """Import contacts from CSV or XLSX (as 'riskreg contacts export' writes them).

    A row without a key updates the contact of the same organisation, role and address,
    or adds a new one. All or nothing: one bad row rejects the file, every problem is
    listed (row, column, message) and the register is left as it was.
    """
    from riskreg.cli.exchange import show_rejected
    from riskreg.exchange import ImportRejected
    from riskreg.exchange.contacts import import_contacts

    with state.open() as reg:
        try:
            result = import_contacts(reg, file, dry_run=dry_run, replace=replace,
                                     encoding=encoding, why=why, lang=state.lang)
        except ImportRejected as exc:
            show_rejected(state, exc, as_json)
    if as_json:
        echo_json({"path": result.path, "dry_run": dry_run, "added": list(result.added),
                   "updated": list(result.updated), "removed": list(result.removed),
                   "unchanged": list(result.unchanged)})
        return
    t = state.t
    counts = dict(path=file, added=len(result.added), updated=len(result.updated),
                  removed=len(result.removed), unchanged=len(result.unchanged))
    done = N_("cli.contacts.would_import") if dry_run else N_("cli.contacts.imported")
    click.echo(t(done, **counts))
    if dry_run:
        from riskreg.cli_output import bullets

        lines = [f"{key} " + t(what) + f": {result.address(key)}"
                 for what, keys in ((N_("cli.contacts.line.added"), result.added),
                                    (N_("cli.contacts.line.updated"), result.updated),
                                    (N_("cli.contacts.line.removed"), result.removed))
                 for key in keys]
        if lines:
            click.echo(bullets(lines))


@contacts.command("list", help=N_("cli.help.contacts.list"))
@option("--org", metavar=N_("cli.metavar.code_name"), help=N_("cli.help.contacts.list.org"))
@option("--role", type=EnumChoice(ContactRole), help=N_("cli.help.contacts.list.role"))
@options.as_json
@click.pass_obj
def contacts_list(state: State, org: str | None, role: ContactRole | None,
                  as_json: bool) -> None:
    """List the contacts: who receives the status, who is in which target group."""
    from riskreg.cli_output import Column, table

    with state.open() as reg:
        found = [c for c in reg.contacts(org) if role is None or c.role is role]
        if as_json:
            echo_json({"count": len(found), "contacts": [contact_json(reg, c) for c in found]})
            return
        names = {o.code: o.name for o in reg.directory}
    t = state.t
    if not found:
        click.echo(t("cli.contacts.none"))
        return
    # an address, a name or an organisation cut short is lost: they wrap instead
    columns = [Column(t("cli.col.key")),
               Column(t("cli.col.organisation"), wrap=True, max_width=24, min_width=8,
                      shrink_order=1),
               Column(t("cli.col.role")),
               Column(t("cli.col.name"), wrap=True, max_width=34, min_width=10, shrink_order=2),
               Column(t("cli.col.address"), wrap=True, max_width=48, min_width=20,
                      shrink_order=3),
               Column(t("cli.col.groups"), wrap=True, max_width=30, min_width=8),
               Column(t("cli.col.lang")), Column(t("cli.col.active"))]
    rows = [[c.key, names.get(c.organisation, c.organisation),
             state.word("contact_role", c.role), c.name, c.address,
             "; ".join(c.target_groups), c.lang, t(N_("yes") if c.active else N_("no"))]
            for c in found]
    click.echo(table(columns, rows))
    contacts = Counted("count.contacts", "count.contacts.plural", len(found))
    click.echo(t("cli.contacts.count", count=contacts,
                 status=sum(1 for c in found if c.receives_status)))


@contacts.command("export", help=N_("cli.help.contacts.export"))
@argument("file", metavar=N_("cli.metavar.file"))
@click.pass_obj
def contacts_export(state: State, file: str) -> None:
    """Write the contacts as CSV or XLSX (by FILE's extension; '-': CSV on stdout).

    'riskreg contacts import' reads the file back; the headers are in the language of
    riskreg (--lang).
    """
    from riskreg.exchange.contacts import export_contacts

    with state.open() as reg:
        count = len(reg.contacts())
        if file == "-":
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                path = export_contacts(reg, Path(folder) / "contacts.csv", lang=state.lang)
                click.echo(path.read_bytes().decode("utf-8-sig"), nl=False)
            return
        export_contacts(reg, file, lang=state.lang)
    written = Counted("count.contacts", "count.contacts.plural", count)
    click.echo(state.t("cli.contacts.exported", count=written, path=file))


@contacts.command("template", help=N_("cli.help.contacts.template"))
@option("--format", "fmt", type=Choice(["csv", "xlsx"]), default="csv", show_default=True)
@option("--out", metavar=N_("cli.metavar.file"),
              help=N_("cli.help.contacts.template.out"))
@option("--force", is_flag=True, help=N_("cli.help.contacts.template.force"))
@click.pass_obj
def contacts_template(state: State, fmt: str, out: str | None, force: bool) -> None:
    """Write an empty, documented template for importing contacts."""
    from riskreg.exchange.contacts import template_csv, template_xlsx
    from riskreg.files import write_file

    data = template_xlsx(state.lang) if fmt == "xlsx" else template_csv(state.lang)
    if out == "-" and fmt == "csv":
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    if out is None:
        out = f"{'mall-kontakter' if state.lang == 'sv' else 'template-contacts'}.{fmt}"
    target = Path(out)
    if target.exists() and not force:
        fail(click.get_current_context(), "error.template.exists", path=str(target))
    write_file(target, data)
    click.echo(state.t("cli.template.written", path=str(target)))


@contacts.command("add", help=N_("cli.help.contacts.add"))
@option("--org", required=True, metavar=N_("cli.metavar.code_name"),
        help=N_("cli.help.contacts.add.org"))
@option("--role", type=EnumChoice(ContactRole), default=ContactRole.TARGET_GROUP.value,
              show_default=True, help=N_("cli.help.contacts.add.role"))
@option("--address", required=True, metavar=N_("cli.metavar.email"),
        help=N_("cli.help.contacts.add.address"))
@option("--name", default="", help=N_("cli.help.contacts.add.name"))
@option("--group", "groups", multiple=True, metavar=N_("cli.metavar.name"),
              help=N_("cli.help.contacts.add.groups"))
@option("--owner-name", "owner_names", multiple=True, metavar=N_("cli.metavar.name"),
              help=N_("cli.help.contacts.add.owner_names"))
@option("--message-lang", "message_lang", type=Choice(["sv", "en"]), default="sv",
              show_default=True, help=N_("cli.help.contacts.add.message_lang"))
@option("--login", default="", help=N_("cli.help.contacts.add.login"))
@options.why(N_("cli.help.contacts.add.why"))
@options.as_json
@click.pass_obj
def contacts_add(state: State, org: str, role: ContactRole, address: str, name: str,
                 groups: tuple[str, ...], owner_names: tuple[str, ...], message_lang: str,
                 login: str, why: str, as_json: bool) -> None:
    """Add a contact to an organisation."""
    with state.open() as reg:
        contact = reg.new_contact(organisation=org, role=role, address=address, name=name,
                                  target_groups=list(groups), owner_names=list(owner_names),
                                  lang=message_lang, login=login, why=why)
        if as_json:
            echo_json(contact_json(reg, contact))
            return
    click.echo(state.t("cli.contacts.added", key=contact.key, address=contact.address))


@contacts.command("remove", help=N_("cli.help.contacts.remove"))
@argument("key", metavar=N_("cli.metavar.key"))
@options.why(N_("cli.help.contacts.remove.why"))
@click.pass_obj
def contacts_remove(state: State, key: str, why: str) -> None:
    """Remove a contact (the delivery log keeps what was delivered to it)."""
    with state.open() as reg:
        reg.remove_contact(key.strip().upper(), why=why)
    click.echo(state.t("cli.contacts.removed", key=key.strip().upper()))
