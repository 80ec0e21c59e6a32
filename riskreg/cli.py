"""The ``riskreg`` command line: read, change and check a register from a terminal or script.

Every command opens the register named by ``--db`` (``RISKREG_DB``, default
``riskreg.json``), acts through the public :class:`~riskreg.register.Register`
API, and prints text for people (Swedish by default, ``--lang en``) or one JSON
document with ``--json``. Exit codes: 0 done, 1 ``check`` found errors, 2 bad
input or usage, reported as one line on stderr; the register file is left as it
was. Only what a command needs is imported when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from riskreg.errors import RiskregError
from riskreg.files import write_file
from riskreg.messages import LANGUAGES, resolve_language, translate
from riskreg.model import ActionStatus, Relation, RiskStatus, Validity

if TYPE_CHECKING:
    from typing import TypeAlias

    from riskreg.model import Decision, Risk, Scope
    from riskreg.register import Register

    ParamType: TypeAlias = click.ParamType[Any, Any]
else:  # click < 8.2 has no generic ParamType
    ParamType = click.ParamType

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_DB = "riskreg.json"
HISTORY_LIMIT = 20


# --- state and errors ---------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """The global options, handed to every command."""

    db: str  # a path to a register file, or a postgresql:// URL
    user: str | None
    lang: str

    @property
    def db_path(self) -> Path:
        """``--db`` as a file path (for the file-only commands: doctor)."""
        return Path(self.db)

    def t(self, key: str, /, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def open(self) -> Register:
        from riskreg.register import Register

        return Register.open(self.db, user=self.user)


def _lang_of(ctx: click.Context | None) -> str:
    """The language of the running command, as far as it is known."""
    while ctx is not None:
        if isinstance(ctx.obj, State):
            return ctx.obj.lang
        lang = ctx.params.get("lang")
        if isinstance(lang, str) and lang in LANGUAGES:
            return lang
        ctx = ctx.parent
    return resolve_language(None)


class Failure(click.ClickException):
    """A user-facing failure whose text is already in the user's language."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.lang = lang

    def format_message(self) -> str:
        return self.message


def fail(ctx: click.Context | None, key: str, /, **params: Any) -> NoReturn:
    """Stop with the catalogue message ``key`` (exit 2)."""
    lang = _lang_of(ctx)
    raise Failure(translate(key, lang, **params), lang)


class RiskregGroup(click.Group):
    """A group that turns riskreg and OS errors into one line on stderr, exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RiskregError as exc:
            lang = _lang_of(ctx)
            raise Failure(exc.message(lang), lang) from None
        except OSError as exc:
            import errno

            if exc.errno == errno.EPIPE:
                raise
            lang = _lang_of(ctx)
            problem = exc.strerror or str(exc) or type(exc).__name__
            if exc.filename is None:  # riskreg names its files itself; this is a last resort
                raise Failure(problem, lang) from None
            raise Failure(translate("cli.error.os", lang, path=exc.filename, problem=problem),
                          lang) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from riskreg.cli_output import neutral_output

        with neutral_output():  # no bidi control from stored text reaches the terminal
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)

    def _main(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        standalone_mode: bool,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except click.ClickException as exc:
            click.echo(error_line(exc, args), err=True)
            code = EXIT_USAGE
        except click.Abort:
            click.echo(err=True)
            code = EXIT_FINDINGS
        else:
            code = result if isinstance(result, int) else EXIT_OK
            if not standalone_mode:
                return result
        if standalone_mode:
            sys.exit(code)
        return code


def error_line(exc: click.ClickException, args: Sequence[str] | None) -> str:
    """One line for any error: ``riskreg: fel: …`` (with a pointer to --help for usage errors)."""
    if isinstance(exc, Failure):
        return translate("cli.error.line", exc.lang, message=exc.message)
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    lang = _lang_of(ctx) if ctx is not None else _lang_from_args(args)
    message = " ".join(_usage_message(exc, lang).split())
    line = translate("cli.error.line", lang, message=message)
    if ctx is not None:
        line += " " + translate("cli.error.see_help", lang, command=ctx.command_path)
    return line


def _lang_from_args(args: Sequence[str] | None) -> str:
    argv = list(sys.argv[1:] if args is None else args)
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return resolve_language(argv[i + 1])
        if arg.startswith("--lang="):
            return resolve_language(arg.split("=", 1)[1])
    return resolve_language(None)


def _usage_message(exc: click.ClickException, lang: str) -> str:
    if isinstance(exc, click.BadParameter):
        hint = _param_hint(exc)
        if isinstance(exc, click.MissingParameter):
            return translate("cli.error.missing", lang, param=hint)
        return translate("cli.error.bad_value", lang, param=hint, message=exc.message)
    if isinstance(exc, click.NoSuchOption):
        text = translate("cli.error.no_such_option", lang, name=exc.option_name)
        if exc.possibilities:
            text += " " + translate("cli.error.did_you_mean", lang,
                                    names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, click.BadOptionUsage) and exc.message.endswith("requires an argument."):
        return translate("cli.error.needs_value", lang, name=exc.option_name)
    name = getattr(exc, "command_name", None)
    if name is None and exc.message.startswith("No such command"):
        name = exc.message.split("'")[1] if "'" in exc.message else exc.message
    if name is not None:
        return translate("cli.error.no_such_command", lang, name=name)
    return exc.format_message()


def _param_hint(exc: click.BadParameter) -> str:
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx is not None else exc.param.name
    if isinstance(hint, (list, tuple)):
        return " / ".join(repr(h) for h in hint)
    return str(hint or "")


# --- parameter types (messages from the catalogue) ------------------------------------


class IntType(ParamType):
    """A whole number, at least ``minimum``."""

    name = "integer"

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip(), 10)
            except ValueError:
                self.fail(translate("error.not_int", _lang_of(ctx), value=str(value)), param, ctx)
        if self.minimum is not None and number < self.minimum:
            self.fail(translate("cli.error.too_small", _lang_of(ctx), value=number,
                                minimum=self.minimum), param, ctx)
        return number


class DateType(ParamType):
    """An ISO date, YYYY-MM-DD."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(translate("error.bad_date", _lang_of(ctx), value=str(value)), param, ctx)


class Choice(ParamType):
    """One of fixed words (case-insensitive, ``-`` taken for ``_``)."""

    name = "choice"

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = list(choices)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip().lower().replace("-", "_")
        if text not in self.choices:
            self.fail(translate("error.bad_choice", _lang_of(ctx), value=str(value),
                                allowed=", ".join(self.choices)), param, ctx)
        return text


class EnumChoice(Choice):
    """One of an enum's values (its English value, as stored and in JSON)."""

    def __init__(self, enum: type[StrEnum], only: Sequence[StrEnum] | None = None) -> None:
        super().__init__([str(m.value) for m in (only or list(enum))])
        self.enum = enum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.enum):
            return value
        return self.enum(super().convert(value, param, ctx))


@dataclass(frozen=True)
class ScopeSpec:
    """A scope as typed (``alla``, ``region``, ``kommunalförbund:NAMN``...), checked for its
    form; its names are checked against the register's organisations when it is used."""

    text: str


class ScopeType(ParamType):
    name = "scope"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "all|region|association:NAME|care_area:NAME|municipalities:CODE,CODE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> ScopeSpec:
        if isinstance(value, ScopeSpec):
            return value
        from riskreg.scopes import split_scope

        try:
            split_scope(str(value))
        except RiskregError as exc:
            self.fail(exc.message(_lang_of(ctx)), param, ctx)
        return ScopeSpec(str(value))


class AreaSpecType(ParamType):
    """A risk area as typed for ``init``: ``KEY=NAME``."""

    name = "area"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "KEY=NAME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        key, sep, name = str(value).partition("=")
        if not sep or not key.strip() or not name.strip():
            self.fail(translate("cli.error.bad_area_spec", _lang_of(ctx), value=str(value)),
                      param, ctx)
        from riskreg.model import Category

        try:
            return Category(key=key.strip(), name=name.strip())
        except RiskregError as exc:
            self.fail(exc.message(_lang_of(ctx)), param, ctx)


INT = IntType()
POSITIVE = IntType(minimum=1)
DATE = DateType()
SCOPE = ScopeType()


def _lang_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        return resolve_language(None)
    chosen = value.strip().lower()
    if chosen in LANGUAGES:
        return chosen
    if ctx.get_parameter_source("lang") is click.core.ParameterSource.ENVIRONMENT:
        return resolve_language(None)  # a stray RISKREG_LANG falls back to Swedish
    raise click.BadParameter(
        translate("error.bad_choice", resolve_language(None), value=value,
                  allowed=", ".join(LANGUAGES)),
        ctx, param,
    )


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True,
                        help="One JSON document on stdout (English keys and values, ISO dates).")(f)


def echo_json(doc: Any) -> None:
    from riskreg.cli_output import dumps

    click.echo(dumps(doc))


# --- the root ----------------------------------------------------------------------------------


@click.group(name="riskreg", cls=RiskregGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="RISKREG_DB", default=DEFAULT_DB, show_default=True,
              metavar="PATH|URL",
              help="The register: a file, or a postgresql:// URL (env RISKREG_DB).")
@click.option("--user", envvar="RISKREG_USER", metavar="NAME",
              help="Who makes the changes (env RISKREG_USER, else the login name).")
@click.option("--lang", envvar="RISKREG_LANG", callback=_lang_option, metavar="sv|en",
              help="Language of messages and tables: sv (default) or en (env RISKREG_LANG).")
@click.version_option(package_name="riskreg-millennium", prog_name="riskreg")
@click.pass_context
def cli(ctx: click.Context, db: str, user: str | None, lang: str) -> None:
    """Risk and decision register of the paused Millennium rollout in Västra Götaland."""
    ctx.obj = State(db=db, user=user or None, lang=lang)


# --- init --------------------------------------------------------------------------------------


@cli.command()
@click.option("--example", is_flag=True,
              help="Build the illustrative Millennium-pause register (risks, 69 decisions).")
@click.option("--name", default="", help="The register's name.")
@click.option("--area", "areas", multiple=True, type=AreaSpecType(),
              help="A risk area KEY=NAME (repeatable), e.g. --area teknik='Teknik'.")
@click.option("--matrix", type=Choice(["4x4", "5x5"]), default="4x4", show_default=True,
              help="Risk matrix: Socialstyrelsen's 4x4 or an ISO 31000 5x5.")
@click.pass_obj
def init(state: State, example: bool, name: str, areas: tuple[Any, ...], matrix: str) -> None:
    """Create a new register at --db (refused if one is there).

    On a server (a postgresql:// URL) a database without riskreg's schema gets it;
    an older schema is upgraded only by 'riskreg db upgrade'.
    """
    ctx = click.get_current_context()
    from riskreg.storage import open_store

    store = open_store(state.db)
    try:
        if store.exists():
            from riskreg.errors import RegisterExistsError

            raise RegisterExistsError(path=store.location)
    finally:
        store.close()
    if example:
        if areas or name or matrix != "4x4":
            fail(ctx, "cli.error.example_options")
        from riskreg.example import build_example

        reg = build_example(state.db, user=state.user)
    else:
        from riskreg.matrix import RiskMatrix
        from riskreg.register import Register

        chosen = RiskMatrix.iso_5x5() if matrix == "5x5" else RiskMatrix.swedish_4x4()
        reg = Register.create(state.db, name=name, matrix=chosen, categories=areas,
                              user=state.user)
    with reg:
        click.echo(state.t("cli.init.created", path=str(state.db), risks=len(reg.risks()),
                           decisions=len(reg.decisions()), areas=len(reg.categories())))


# --- areas -----------------------------------------------------------------------------------


@cli.group(cls=RiskregGroup)
def area() -> None:
    """List or add risk areas."""


@area.command("list")
@json_option
@click.pass_obj
def area_list(state: State, as_json: bool) -> None:
    """The risk areas, with how many risks each holds."""
    from riskreg.cli_output import Column, table

    with state.open() as reg:
        areas = reg.categories()
        counts = {a.key: 0 for a in areas}
        for r in reg.risks():
            counts[r.area] = counts.get(r.area, 0) + 1
    if as_json:
        echo_json({"count": len(areas), "areas": [
            {"key": a.key, "name": a.name, "description": a.description, "risks": counts[a.key]}
            for a in areas]})
        return
    if not areas:
        click.echo(state.t("cli.list.empty"))
        return
    t = state.t
    click.echo(table([Column(t("cli.col.key")), Column(t("cli.col.name"), flex=True),
                      Column(t("cli.col.risks"), right=True)],
                     [[a.key, a.name, counts[a.key]] for a in areas]))


@area.command("add")
@click.argument("key")
@click.argument("name")
@click.option("--description", default="", help="What the area covers.")
@click.option("--why", default="", help="Why the area is added (kept in the history).")
@click.pass_obj
def area_add(state: State, key: str, name: str, description: str, why: str) -> None:
    """Add the risk area KEY (lower case, e.g. teknik) named NAME."""
    from riskreg.model import Category

    category = Category(key=key, name=name, description=description)
    with state.open() as reg:
        reg.add_category(category, why=why)
    click.echo(state.t("cli.area.added", key=key, name=name))


# --- risks -----------------------------------------------------------------------------------


@cli.group(cls=RiskregGroup)
def risk() -> None:
    """List, show, add, edit and review risks."""


def _resolve_scope(reg: Register, spec: ScopeSpec | None) -> Scope | None:
    """A typed scope as a model: municipality names become codes, known names their spelling."""
    if spec is None:
        return None
    from riskreg.scopes import parse_scope

    return parse_scope(spec.text, reg.directory)


def _org_codes(reg: Register, values: Sequence[str]) -> list[str]:
    """Organisation codes from codes or names (``1480``, ``Göteborg``, ``VGR``)."""
    return [reg.directory.get(v.strip()).code for v in values]


def _rating(likelihood: int, impact: int) -> Any:
    from riskreg.model import Rating

    return Rating(likelihood, impact)


def _review_mark(state: State, item: Risk | Decision) -> str:
    return state.t("cli.needs_review_mark") if item.needs_review else ""


@risk.command("list")
@click.option("--area", metavar="KEY", help="Only risks in this risk area (its key).")
@click.option("--status", type=EnumChoice(RiskStatus), help="Only risks with this status.")
@click.option("--level", metavar="LEVEL",
              help="Only risks at this level (key or name, e.g. high, Hög).")
@click.option("--org", metavar="CODE|NAME",
              help="Only risks that concern this organisation or that it reported.")
@click.option("--needs-review", is_flag=True, help="Only risks flagged as needing review.")
@click.option("--search", metavar="TEXT",
              help="Text in key, title, description, consequences, owner.")
@json_option
@click.pass_obj
def risk_list(state: State, area: str | None, status: RiskStatus | None, level: str | None,
              org: str | None, needs_review: bool, search: str | None, as_json: bool) -> None:
    """List risks, filtered."""
    from riskreg.cli_output import Column, risk_json, table

    with state.open() as reg:
        risks = reg.risks(area=area, status=status, level=level, organisation=org,
                          needs_review=True if needs_review else None, text=search or None)
        if as_json:
            echo_json({"count": len(risks), "risks": [risk_json(reg, r) for r in risks]})
            return
        if not risks:
            click.echo(state.t("cli.list.empty"))
            return
        t = state.t
        columns = [
            Column(t("cli.col.key")), Column(t("cli.col.area"), max_width=24),
            Column(t("cli.col.title"), flex=True, max_width=70, min_width=16),
            Column(t("cli.col.rating")), Column(t("cli.col.value"), right=True),
            Column(t("cli.col.level")), Column(t("cli.col.status")),
            Column(t("cli.col.recognition"), right=True), Column(t("cli.col.review")),
        ]
        rows = []
        for r in risks:
            band = reg.level(r)
            rows.append([
                r.key, r.area, r.title, f"{r.rating.likelihood}×{r.rating.impact}", reg.value(r),
                band.label(state.lang), t(f"status.{r.status}"), r.recognition or "",
                _review_mark(state, r),
            ])
        click.echo(table(columns, rows))
        click.echo(t("cli.count.risks", count=len(risks)))


@risk.command("show")
@click.argument("key")
@json_option
@click.pass_obj
def risk_show(state: State, key: str, as_json: bool) -> None:
    """Show every field of a risk, its links and its latest changes."""
    from riskreg.cli_output import bullets, fields, rating_text, risk_json, scope_text

    with state.open() as reg:
        r = reg.risk(key)
        if as_json:
            echo_json(risk_json(reg, r, detail=True))
            return
        t, lang = state.t, state.lang
        try:
            area = f"{reg.category(r.area).name} ({r.area})"
        except RiskregError:
            area = r.area
        reporters = []
        for code in r.reported_by:
            try:
                reporters.append(f"{reg.directory.get(code).name} ({code})")
            except RiskregError:
                reporters.append(code)
        due = reg.next_review_due(r)
        overdue = t("cli.overdue") if r.is_open and due < reg.today() else ""
        pairs = [
            (t("cli.field.key"), r.key),
            (t("cli.field.title"), r.title),
            (t("cli.field.area"), area),
            (t("cli.field.status"), t(f"status.{r.status}")),
            (t("cli.field.owner"), r.owner or "–"),
            (t("cli.field.inherent"), rating_text(reg, r.inherent, lang)),
            (t("cli.field.residual"),
             rating_text(reg, r.residual, lang) if r.residual is not None else "–"),
            (t("cli.field.level"),
             f"{reg.level(r).label(lang)} ({t('cli.col.value').lower()} {reg.value(r)})"),
            (t("cli.field.scope"), scope_text(r.scope, lang)),
            (t("cli.field.visibility"), t(f"visibility.{r.visibility}")),
            (t("cli.field.reported_by"),
             f"{r.recognition}: {', '.join(reporters)}" if reporters else "–"),
            (t("cli.field.created"), r.created.isoformat()),
            (t("cli.field.updated"), r.updated.isoformat() if r.updated else "–"),
            (t("cli.field.last_reviewed"), r.last_reviewed.isoformat() if r.last_reviewed else "–"),
            (t("cli.field.next_review"), f"{due.isoformat()} {overdue}".strip()),
            (t("cli.field.revision"), str(r.revision)),
        ]
        click.echo(fields(pairs))
        if r.description:
            click.echo()
            click.echo(t("cli.field.description"))
            click.echo(bullets([r.description]).replace("- ", "  ", 1))
        _section(t("cli.field.needs_review"), [_reason_text(state, x) for x in r.review_reasons])
        _section(t("cli.field.consequences"), list(r.consequences))
        actions = []
        for i, a in enumerate(r.actions, 1):
            extra = ", ".join(x for x in (
                t(f"action.{a.status}"), a.owner,
                t("cli.action.due", date=a.due.isoformat()) if a.due else "",
            ) if x)
            actions.append(f"{i}. {a.text} ({extra})")
        _section(t("cli.field.actions"), actions)
        _links_section(state, reg, r.key)
        _history_section(state, reg, r.key)


def _section(title: str, items: Sequence[str]) -> None:
    from riskreg.cli_output import bullets

    if not items:
        return
    click.echo()
    click.echo(f"{title} ({len(items)})")
    click.echo(bullets(items))


def _reason_text(state: State, reason: Any) -> str:
    from riskreg.messages import describe_reason

    text = describe_reason(reason.kind, reason.trigger, reason.detail, state.lang)
    return f"{reason.on.isoformat()} {text}" if reason.on else text


def _links_section(state: State, reg: Register, key: str) -> None:
    from riskreg.cli_output import links_json

    t = state.t
    lines = []
    for link in links_json(reg, key):
        reverse = "" if link["direction"] == "outgoing" else ".rev"
        word = t(f"relation.{link['relation']}{reverse}")
        if link["kind"] == "decision":
            state_word = t(f"validity.{link['validity']}")
        else:
            band = reg.matrix.band_for(link["value"])
            state_word = f"{band.label(state.lang)} {link['value']}"
        line = f"{word} {link['key']} ({state_word}): {link['title']}"
        if link["note"]:
            line += f" [{link['note']}]"
        lines.append(line)
    _section(t("cli.field.links"), lines)


def _history_section(state: State, reg: Register, key: str, limit: int = 5) -> None:
    from riskreg.cli_output import changed_fields

    changes = reg.history(key)[-limit:]
    lines = []
    for c in changes:
        what = _action_word(state, c.action)
        touched = changed_fields(c)
        if touched:
            what += f" ({', '.join(touched)})"
        line = f"{c.at.astimezone().strftime('%Y-%m-%d %H:%M')} {c.user}: {what}"
        if c.why:
            line += f" – {c.why}"
        lines.append(line)
    _section(state.t("cli.field.history"), lines)


def _doctor_server(ctx: click.Context, state: State, do_restore: bool, as_json: bool) -> None:
    """doctor for a register on a server: it opens, every record is valid, check runs. The
    way back from damage there is the database's own backups, not riskreg's."""
    from riskreg.doctor import validate_register

    if do_restore:
        fail(ctx, "doctor.server_restore")
    with state.open() as reg:
        problem = validate_register(reg)
        if as_json:
            echo_json({"ok": problem is None, "path": reg.location, "problem": problem,
                       "rev": reg.revision, "changes": len(reg.history())})
        elif problem is None:
            click.echo(state.t("doctor.sound", path=reg.location, rev=reg.revision,
                               changes=len(reg.history())))
        else:
            click.echo(state.t("doctor.problem", path=reg.location, problem=problem))
    if problem is not None:
        ctx.exit(EXIT_FINDINGS)


def _action_word(state: State, action: str) -> str:
    word = state.t(f"cli.history.{action}")
    return action if word == f"cli.history.{action}" else word


@risk.command("add")
@click.option("--title", required=True, help="Short title of the risk.")
@click.option("--area", required=True, metavar="KEY", help="Risk area (its key).")
@click.option("--likelihood", required=True, type=INT,
              help="Likelihood, a step of the matrix (1-4).")
@click.option("--impact", required=True, type=INT, help="Impact (consequence), a step (1-4).")
@click.option("--residual-likelihood", type=INT, help="Likelihood after the actions.")
@click.option("--residual-impact", type=INT, help="Impact after the actions.")
@click.option("--description", default="", help="What the risk is.")
@click.option("--owner", default="", help="Risk owner.")
@click.option("--status", type=EnumChoice(RiskStatus), default="identified", show_default=True)
@click.option("--consequence", "consequences", multiple=True, help="A consequence (repeatable).")
@click.option("--reported-by", "reported_by", multiple=True, metavar="CODE|NAME",
              help="An organisation that reports the risk (repeatable).")
@click.option("--scope", type=SCOPE, help="Whom the risk concerns (default all).")
@click.option("--internal", is_flag=True, help="Internal: never exported.")
@click.option("--key", metavar="R-NNN", help="The key (default: the next free one).")
@click.option("--why", default="", help="Why the risk is added (kept in the history).")
@click.pass_obj
def risk_add(state: State, title: str, area: str, likelihood: int, impact: int,
             residual_likelihood: int | None, residual_impact: int | None, description: str,
             owner: str, status: RiskStatus, consequences: tuple[str, ...],
             reported_by: tuple[str, ...], scope: ScopeSpec | None, internal: bool,
             key: str | None, why: str) -> None:
    """Add a risk and print its key."""
    from riskreg.model import Visibility

    ctx = click.get_current_context()
    if (residual_likelihood is None) != (residual_impact is None):
        fail(ctx, "cli.error.residual_pair")
    with state.open() as reg:
        given: dict[str, Any] = {"key": key} if key else {}
        new = reg.new_risk(
            why=why, **given, title=title, area=area, description=description, owner=owner,
            status=status, inherent=_rating(likelihood, impact),
            residual=(None if residual_likelihood is None or residual_impact is None
                      else _rating(residual_likelihood, residual_impact)),
            consequences=list(consequences), reported_by=_org_codes(reg, reported_by),
            scope=_resolve_scope(reg, scope),
            visibility=Visibility.INTERNAL if internal else Visibility.SHARED,
        )
        click.echo(new.key)


@risk.command("edit")
@click.argument("key")
@click.option("--title")
@click.option("--area", metavar="KEY")
@click.option("--likelihood", type=INT)
@click.option("--impact", type=INT)
@click.option("--residual-likelihood", type=INT)
@click.option("--residual-impact", type=INT)
@click.option("--no-residual", is_flag=True, help="Remove the residual rating.")
@click.option("--description")
@click.option("--owner")
@click.option("--status", type=EnumChoice(RiskStatus))
@click.option("--consequence", "consequences", multiple=True,
              help="Replace the consequences with these (repeatable).")
@click.option("--add-consequence", "add_consequences", multiple=True,
              help="Add a consequence (repeatable).")
@click.option("--reported-by", "reported_by", multiple=True, metavar="CODE|NAME",
              help="Replace the reporting organisations with these (repeatable).")
@click.option("--add-reporter", "add_reporters", multiple=True, metavar="CODE|NAME",
              help="Add a reporting organisation (repeatable).")
@click.option("--scope", type=SCOPE)
@click.option("--internal/--shared", "internal", default=None,
              help="Make the risk internal (never exported) or shared.")
@click.option("--add-action", metavar="TEXT", help="Add a proposed action.")
@click.option("--action-owner", help="Owner of the added action.")
@click.option("--action-due", type=DATE, help="Due date of the added action.")
@click.option("--action-status", type=EnumChoice(ActionStatus), help="Status of the added action.")
@click.option("--action-done", "actions_done", multiple=True, type=POSITIVE, metavar="N",
              help="Mark action number N as done (repeatable; see 'risk show').")
@click.option("--why", required=True, help="Why the change is made (kept in the history).")
@click.pass_obj
def risk_edit(state: State, key: str, title: str | None, area: str | None,
              likelihood: int | None, impact: int | None, residual_likelihood: int | None,
              residual_impact: int | None, no_residual: bool, description: str | None,
              owner: str | None, status: RiskStatus | None, consequences: tuple[str, ...],
              add_consequences: tuple[str, ...], reported_by: tuple[str, ...],
              add_reporters: tuple[str, ...], scope: ScopeSpec | None, internal: bool | None,
              add_action: str | None, action_owner: str | None, action_due: date | None,
              action_status: ActionStatus | None, actions_done: tuple[int, ...],
              why: str) -> None:
    """Change fields of a risk; --why is required."""
    import attrs

    from riskreg.model import Action, Visibility

    ctx = click.get_current_context()
    if add_action is None and (action_owner is not None or action_due is not None
                               or action_status is not None):
        fail(ctx, "cli.error.action_options")
    if no_residual and (residual_likelihood is not None or residual_impact is not None):
        fail(ctx, "cli.error.residual_conflict")
    with state.open() as reg:
        old = reg.risk(key)
        changes: dict[str, Any] = {}
        simple = {"title": title, "area": area, "description": description, "owner": owner,
                  "status": status}
        changes.update({k: v for k, v in simple.items() if v is not None})
        if likelihood is not None or impact is not None:
            changes["inherent"] = _rating(
                likelihood if likelihood is not None else old.inherent.likelihood,
                impact if impact is not None else old.inherent.impact,
            )
        if no_residual:
            changes["residual"] = None
        elif residual_likelihood is not None or residual_impact is not None:
            base = old.residual
            r_likelihood = residual_likelihood if residual_likelihood is not None else (
                base.likelihood if base is not None else None)
            r_impact = residual_impact if residual_impact is not None else (
                base.impact if base is not None else None)
            if r_likelihood is None or r_impact is None:
                fail(ctx, "cli.error.residual_pair")
            changes["residual"] = _rating(r_likelihood, r_impact)
        if consequences or add_consequences:
            changes["consequences"] = [*(consequences or old.consequences), *add_consequences]
        if reported_by or add_reporters:
            codes = _org_codes(reg, reported_by) if reported_by else list(old.reported_by)
            changes["reported_by"] = [*codes, *_org_codes(reg, add_reporters)]
        if scope is not None:
            changes["scope"] = _resolve_scope(reg, scope)
        if internal is not None:
            changes["visibility"] = Visibility.INTERNAL if internal else Visibility.SHARED
        if add_action is not None or actions_done:
            actions = list(old.actions)
            for number in actions_done:
                if number > len(actions):
                    fail(ctx, "cli.error.action_number", key=key, number=number,
                         count=len(actions))
                actions[number - 1] = attrs.evolve(actions[number - 1], status=ActionStatus.DONE)
            if add_action is not None:
                actions.append(Action(text=add_action, owner=action_owner or "",
                                      status=action_status or ActionStatus.PROPOSED,
                                      due=action_due))
            changes["actions"] = tuple(actions)
        if not changes:
            fail(ctx, "cli.error.nothing_to_change")
        new = reg.update_risk(key, why=why, expected_revision=old.revision, **changes)
        click.echo(state.t("cli.risk.updated", key=new.key, revision=new.revision))


@risk.command("review")
@click.argument("key")
@click.option("--note", default="", help="What the review found (kept in the history).")
@click.pass_obj
def risk_review(state: State, key: str, note: str) -> None:
    """Record that a risk was reviewed today; clears its "needs review" flags."""
    from riskreg.model import Risk

    with state.open() as reg:
        item = reg.mark_reviewed(key, note=note)
        if isinstance(item, Risk):
            click.echo(state.t("cli.risk.reviewed", key=key, date=reg.today().isoformat(),
                               due=reg.next_review_due(item).isoformat()))
        else:
            click.echo(state.t("cli.decision.reviewed", key=key, date=reg.today().isoformat()))


# --- decisions --------------------------------------------------------------------------------


@cli.group(cls=RiskregGroup)
def decision() -> None:
    """List, show, add and assess decisions of Klinisk ledning."""


@decision.command("list")
@click.option("--validity", type=EnumChoice(Validity), help="Only decisions with this validity.")
@click.option("--care-area", metavar="AREA", help="Only decisions for this area of care.")
@click.option("--due-within", type=IntType(minimum=0), metavar="DAYS",
              help="Only decisions due for assessment within DAYS days (review-by).")
@click.option("--org", metavar="CODE|NAME", help="Only decisions that concern this organisation.")
@click.option("--search", metavar="TEXT", help="Text in key, title, summary, target groups.")
@json_option
@click.pass_obj
def decision_list(state: State, validity: Validity | None, care_area: str | None,
                  due_within: int | None, org: str | None, search: str | None,
                  as_json: bool) -> None:
    """List decisions, filtered."""
    from riskreg.cli_output import Column, decision_json, table

    with state.open() as reg:
        decisions = reg.decisions(validity=validity, care_area=care_area,
                                  due_within_days=due_within, organisation=org,
                                  text=search or None)
        if as_json:
            counts = {str(v): 0 for v in Validity}
            for d in decisions:
                counts[str(d.validity)] += 1
            echo_json({"count": len(decisions), "by_validity": counts,
                       "decisions": [decision_json(reg, d) for d in decisions]})
            return
        if not decisions:
            click.echo(state.t("cli.list.empty"))
            return
        t = state.t
        columns = [
            Column(t("cli.col.key")), Column(t("cli.col.decided_on")),
            Column(t("cli.col.validity")), Column(t("cli.col.review_by")),
            Column(t("cli.col.title"), flex=True, max_width=80, min_width=16),
            Column(t("cli.col.review")),
        ]
        rows = [
            [d.key, d.decided_on.isoformat(), t(f"validity.{d.validity}"),
             d.review_by.isoformat() if d.review_by else "", d.title, _review_mark(state, d)]
            for d in decisions
        ]
        click.echo(table(columns, rows))
        click.echo(t("cli.count.decisions", count=len(decisions)))


@decision.command("show")
@click.argument("key")
@json_option
@click.pass_obj
def decision_show(state: State, key: str, as_json: bool) -> None:
    """Show a decision: validity, assessment, links and latest changes."""
    from riskreg.cli_output import bullets, decision_json, fields, scope_text

    with state.open() as reg:
        d = reg.decision(key)
        if as_json:
            echo_json(decision_json(reg, d, detail=True))
            return
        t, lang = state.t, state.lang
        a = d.assessment
        pairs = [
            (t("cli.field.key"), d.key),
            (t("cli.field.decided_on"), d.decided_on.isoformat()),
            (t("cli.field.title"), d.title),
            (t("cli.field.validity"), t(f"validity.{d.validity}")),
            (t("cli.field.review_by"), d.review_by.isoformat() if d.review_by else "–"),
            (t("cli.field.assessed"),
             t("cli.assessed_by", by=a.by, on=a.on.isoformat()) if a else "–"),
            (t("cli.field.care_areas"), ", ".join(d.care_areas) or "–"),
            (t("cli.field.target_groups"), ", ".join(d.target_groups) or "–"),
            (t("cli.field.scope"), scope_text(d.scope, lang)),
            (t("cli.field.visibility"), t(f"visibility.{d.visibility}")),
            (t("cli.field.updated"), d.updated.isoformat() if d.updated else "–"),
            (t("cli.field.revision"), str(d.revision)),
        ]
        click.echo(fields(pairs))
        for label, text in ((t("cli.field.summary"), d.summary),
                            (t("cli.field.rationale"), a.rationale if a else "")):
            if text:
                click.echo()
                click.echo(label)
                click.echo(bullets([text]).replace("- ", "  ", 1))
        _section(t("cli.field.needs_review"), [_reason_text(state, x) for x in d.review_reasons])
        _links_section(state, reg, d.key)
        _history_section(state, reg, d.key)


@decision.command("add")
@click.option("--key", required=True, metavar="KL-YYYY-NN", help="The key, e.g. KL-2024-05.")
@click.option("--decided-on", required=True, type=DATE, help="When Klinisk ledning decided.")
@click.option("--title", required=True)
@click.option("--summary", default="")
@click.option("--care-area", "care_areas", multiple=True, help="An area of care (repeatable).")
@click.option("--target-group", "target_groups", multiple=True, help="A target group (repeatable).")
@click.option("--validity", type=EnumChoice(Validity), default="unreviewed", show_default=True)
@click.option("--review-by", type=DATE, help="When an uncertain decision is to be assessed.")
@click.option("--scope", type=SCOPE, help="Whom the decision concerns (default all).")
@click.option("--internal", is_flag=True, help="Internal: never exported.")
@click.option("--why", default="", help="Why the decision is added (kept in the history).")
@click.pass_obj
def decision_add(state: State, key: str, decided_on: date, title: str, summary: str,
                 care_areas: tuple[str, ...], target_groups: tuple[str, ...], validity: Validity,
                 review_by: date | None, scope: ScopeSpec | None, internal: bool, why: str) -> None:
    """Add a decision and print its key."""
    from riskreg.model import Visibility

    with state.open() as reg:
        new = reg.new_decision(
            why=why, key=key, decided_on=decided_on, title=title, summary=summary,
            care_areas=list(care_areas), target_groups=list(target_groups), validity=validity,
            review_by=review_by, scope=_resolve_scope(reg, scope),
            visibility=Visibility.INTERNAL if internal else Visibility.SHARED,
        )
        click.echo(new.key)


@decision.command("assess")
@click.argument("key")
@click.option("--validity", required=True,
              type=EnumChoice(Validity, [Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED]),
              help="Whether the decision applies during the pause.")
@click.option("--rationale", required=True, help="Why (kept with the assessment).")
@click.option("--review-by", type=DATE, help="When to assess again (required for uncertain).")
@click.option("--by", metavar="NAME", help="Who assessed (default: --user).")
@click.pass_obj
def decision_assess(state: State, key: str, validity: Validity, rationale: str,
                    review_by: date | None, by: str | None) -> None:
    """Record a decision's validity; print the items flagged "needs review" as a result."""
    from riskreg.cli_output import Column, path_text, table

    with state.open() as reg:
        before_validity = reg.decision(key).validity
        items: list[Risk | Decision] = [*reg.risks(), *reg.decisions()]
        revisions = {x.key: x.revision for x in items}
        new = reg.assess(key, validity, rationale=rationale, review_by=review_by, by=by)
        t = state.t
        click.echo(t("cli.decision.assessed", key=key, old=t(f"validity.{before_validity}"),
                     new=t(f"validity.{new.validity}")))
        items = [*reg.risks(), *reg.decisions()]
        flagged = [
            x for x in items
            if x.key != key and x.revision != revisions.get(x.key)
            and any(r.trigger == key for r in x.review_reasons)
        ]
        if not flagged:
            click.echo(t("cli.decision.flagged_none"))
            return
        paths = reg.graph.affected(key)
        click.echo(t("cli.decision.flagged", count=len(flagged)))
        columns = [Column(t("cli.col.key")), Column(t("cli.col.kind")),
                   Column(t("cli.col.title"), flex=True, max_width=50, min_width=16),
                   Column(t("cli.col.path"), wrap=True, min_width=24, shrink_order=1)]
        rows = [[x.key, t(f"cli.kind.{'decision' if x.key.startswith('KL-') else 'risk'}"),
                 x.title, path_text(paths.get(x.key, ()), state.lang)] for x in flagged]
        click.echo(table(columns, rows))


# --- links ------------------------------------------------------------------------------------


@cli.group(cls=RiskregGroup)
def link() -> None:
    """Add or remove typed links between risks and decisions."""


RELATION = EnumChoice(Relation)


@link.command("add")
@click.argument("source")
@click.argument("relation", type=RELATION)
@click.argument("target")
@click.option("--note", default="", help="A note on the link.")
@click.option("--why", default="", help="Why the link is added (kept in the history).")
@click.pass_obj
def link_add(state: State, source: str, relation: Relation, target: str, note: str,
             why: str) -> None:
    """Link SOURCE to TARGET, e.g. 'R-004 mitigated_by KL-2022-07'.

    Relations: mitigated_by, caused_by (risk -> decision), depends_on, supersedes
    (decision -> decision), aggravates (risk -> risk).
    """
    from riskreg.cli_output import step_text
    from riskreg.graph import Step

    with state.open() as reg:
        made = reg.link(source, relation, target, note=note, why=why)
        click.echo(state.t("cli.link.added",
                           link=step_text(Step(made.source, made.relation, made.target),
                                          state.lang)))


@link.command("remove")
@click.argument("source")
@click.argument("relation", type=RELATION)
@click.argument("target")
@click.option("--why", default="", help="Why the link is removed (kept in the history).")
@click.pass_obj
def link_remove(state: State, source: str, relation: Relation, target: str, why: str) -> None:
    """Remove the link SOURCE RELATION TARGET."""
    from riskreg.cli_output import step_text
    from riskreg.graph import Step

    with state.open() as reg:
        reg.unlink(source, relation, target, why=why)
        click.echo(state.t("cli.link.removed",
                           link=step_text(Step(source, relation, target), state.lang)))


# --- impact, check, graph, history --------------------------------------------------------------


@cli.command()
@click.argument("key")
@click.option("--if", "if_validity", type=EnumChoice(Validity),
              help="Suppose decision KEY had this validity (default: any change of KEY).")
@json_option
@click.pass_obj
def impact(state: State, key: str, if_validity: Validity | None, as_json: bool) -> None:
    """What is affected, directly and through other links, if KEY changes.

    With --if: each item's effect, and the findings `riskreg check` would add and
    resolve after `riskreg decision assess KEY --validity ...` (the labels: README).
    """
    from riskreg.checks import prediction_findings
    from riskreg.cli_output import (
        Column,
        bullets,
        finding_json,
        impact_json,
        path_text,
        table,
    )
    from riskreg.model import Decision

    with state.open() as reg:
        item = reg.get(key)
        if if_validity is not None and not isinstance(item, Decision):
            fail(click.get_current_context(), "cli.error.if_needs_decision", key=key)
        prediction = reg.graph.predict(key, if_validity)
        added, resolved = prediction_findings(prediction, reg.risk, reg.matrix)
        impacts = prediction.impacts
        current = item.validity if isinstance(item, Decision) else None
        if as_json:
            echo_json({
                "key": key,
                "kind": "decision" if current is not None else "risk",
                "validity": None if current is None else str(current),
                "if": None if if_validity is None else str(if_validity),
                "changes": prediction.changes_validity,
                "count": len(impacts),
                "affected": [impact_json(reg, i) for i in impacts],
                "flagged": list(prediction.flagged),
                "check": {"added": [finding_json(f, state.lang) for f in added],
                          "resolved": [finding_json(f, state.lang) for f in resolved]},
            })
            return
        t = state.t
        if if_validity is not None and current is not None:
            if not prediction.changes_validity:
                click.echo(t("cli.impact.unchanged", key=key,
                             validity=t(f"validity.{current}")))
                return
            click.echo(t("cli.impact.header_if", key=key, validity=t(f"validity.{if_validity}"),
                         current=t(f"validity.{current}"), count=len(impacts)))
            click.echo(t("cli.impact.check", added=len(added), resolved=len(resolved),
                         flagged=len(prediction.flagged)))
            for heading, findings in (("cli.impact.added", added),
                                      ("cli.impact.resolved", resolved)):
                if findings:
                    click.echo(t(heading))
                    click.echo(bullets([f.message(state.lang) for f in findings]))
        else:
            click.echo(t("cli.impact.header", key=key, count=len(impacts)))
        if not impacts:
            return
        columns = [Column(t("cli.col.key")), Column(t("cli.col.kind")),
                   Column(t("cli.col.effect"), wrap=True, min_width=16, shrink_order=1),
                   Column(t("cli.col.title"), flex=True, max_width=40, min_width=16),
                   Column(t("cli.col.path"), wrap=True, min_width=24, shrink_order=2)]
        rows = []
        for i in impacts:  # one row per effect: an item linked twice has two
            for n, effect in enumerate(i.effects):
                rows.append([i.key, t(f"cli.kind.{i.kind}") if n == 0 else "",
                             t(f"effect.{effect.effect}"), reg.get(i.key).title if n == 0 else "",
                             path_text(effect.path, state.lang)])
        click.echo(table(columns, rows))


@cli.command()
@json_option
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Check the register: conflicts, cycles, exposed risks, overdue reviews and actions.

    Exit code 1 if any finding is an error.
    """
    from riskreg.checks import Severity
    from riskreg.cli_output import bullets, finding_json

    state: State = ctx.obj
    with state.open() as reg:
        findings = reg.check()
    counts = {str(s): sum(1 for f in findings if f.severity is s) for s in Severity}
    if as_json:
        echo_json({
            "ok": counts["error"] == 0,
            "counts": counts,
            "findings": [finding_json(f, state.lang) for f in findings],
        })
    else:
        t = state.t
        if not findings:
            click.echo(t("cli.check.ok"))
        for severity in Severity:
            group = [f for f in findings if f.severity is severity]
            if group:
                click.echo(f"{t(f'cli.check.heading.{severity}')} ({len(group)})")
                click.echo(bullets([f.message(state.lang) for f in group]))
                click.echo()
        click.echo(t("cli.check.summary", errors=counts["error"], warnings=counts["warning"],
                     infos=counts["info"]))
    if counts["error"]:
        ctx.exit(EXIT_FINDINGS)


@cli.command()
@click.option("--format", "fmt", type=Choice(["dot", "graphml", "mermaid", "json"]),
              default="dot", show_default=True, help="Output format.")
@click.option("--out", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--include-internal", is_flag=True,
              help="Also show items marked internal (keep the output inside the project).")
@click.pass_obj
def graph(state: State, fmt: str, out: str | None, include_internal: bool) -> None:
    """Export the dependency graph of risks and decisions (internal items left out)."""
    from riskreg.cli_output import dumps
    from riskreg.sharing import shared_graph

    with state.open() as reg:
        g = reg.graph if include_internal else shared_graph(reg)
        if fmt == "json":
            text = dumps(g.to_json()) + "\n"
        else:
            text = {"dot": g.to_dot, "graphml": g.to_graphml, "mermaid": g.to_mermaid}[fmt]()
    if out is None:
        click.echo(text, nl=False)
        return
    write_file(out, text.encode("utf-8"))
    click.echo(state.t("cli.graph.written", path=out))


@cli.command()
@click.argument("key", required=False)
@click.option("--limit", type=IntType(minimum=0), default=HISTORY_LIMIT, show_default=True,
              help="Show the last N changes (0: all).")
@json_option
@click.pass_obj
def history(state: State, key: str | None, limit: int, as_json: bool) -> None:
    """The recorded changes (of KEY, if given), oldest first: who, when, what, why."""
    from riskreg.cli_output import Column, change_json, changed_fields, link_key_text, table

    with state.open() as reg:
        if key is not None and key not in reg and not reg.history(key):
            reg.get(key)  # raises NotFoundError with the usual message
        changes = reg.history(key)
    total = len(changes)
    if limit:
        changes = changes[-limit:]
    if as_json:
        echo_json({"count": len(changes), "total": total,
                   "changes": [change_json(c) for c in changes]})
        return
    t = state.t
    if not changes:
        click.echo(t("cli.history.empty"))
        return
    columns = [Column(t("cli.col.seq"), right=True), Column(t("cli.col.at")),
               Column(t("cli.col.user"), max_width=20),
               Column(t("cli.col.action"), wrap=True, min_width=10, shrink_order=2),
               Column(t("cli.col.key"), wrap=True, min_width=10, shrink_order=1),
               Column(t("cli.col.fields"), wrap=True, max_width=30, min_width=12),
               Column(t("cli.col.why"), wrap=True, max_width=60, min_width=16)]
    rows = [[c.seq, c.at.astimezone().strftime("%Y-%m-%d %H:%M"), c.user,
             _action_word(state, c.action), link_key_text(c.key, state.lang),
             ", ".join(changed_fields(c)), c.why]
            for c in changes]
    click.echo(table(columns, rows))
    if total > len(changes):
        click.echo(t("cli.history.more", shown=len(changes), total=total))


# --- doctor ------------------------------------------------------------------------------------


@cli.command()
@click.option("--restore", "do_restore", is_flag=True,
              help="Restore the newest good backup and replay the saved changes after it.")
@json_option
@click.pass_context
def doctor(ctx: click.Context, do_restore: bool, as_json: bool) -> None:
    """Diagnose the register file; with --restore, restore it from its newest good backup.

    Exit code 0 if the file is sound (or was restored), 1 if it is damaged
    (without --restore), 2 if it cannot be restored.
    """
    from riskreg.doctor import diagnose, repair_history, restore
    from riskreg.storage import is_url

    state: State = ctx.obj
    t = state.t
    if is_url(state.db):
        _doctor_server(ctx, state, do_restore, as_json)
        return
    if do_restore:
        recovery = restore(state.db_path)
        noted = repair_history(state.db_path)
        if recovery is None:
            if as_json:
                echo_json({"ok": True, "restored": False, "path": str(state.db_path.absolute()),
                           "history_loss_noted": noted})
            elif noted:
                click.echo(t("doctor.history_noted", path=str(state.db), count=noted))
            else:
                click.echo(t("doctor.nothing_to_restore", path=str(state.db)))
            return
        if as_json:
            echo_json({
                "ok": True, "restored": True, "path": str(recovery.path),
                "backup": str(recovery.backup), "backup_rev": recovery.backup_rev,
                "rev": recovery.rev, "header_known": recovery.header_known,
                "replayed": [{"rev": r.rev, "seq": r.seq, "action": r.action, "key": r.key,
                              "user": r.user, "at": r.at} for r in recovery.replayed],
                "not_replayed": recovery.not_replayed,
                "damaged_copy": str(recovery.damaged_copy) if recovery.damaged_copy else None,
                "unreplayed_copy":
                    str(recovery.unreplayed_copy) if recovery.unreplayed_copy else None,
                "removed_temp_files": recovery.removed_temp_files,
                "history_loss_noted": noted,
            })
            return
        click.echo(t("doctor.restored", path=str(state.db), backup=str(recovery.backup),
                     backup_rev=recovery.backup_rev, count=len(recovery.replayed),
                     rev=recovery.rev))
        for r in recovery.replayed:
            click.echo(t("doctor.replayed", seq=r.seq, action=_action_word(state, r.action),
                         key=r.key, user=r.user, at=r.at))
        if not recovery.header_known and recovery.replayed:
            click.echo(t("doctor.header_unknown"))
        if recovery.not_replayed and recovery.unreplayed_copy is not None:
            click.echo(t("doctor.not_replayed", count=recovery.not_replayed,
                         path=str(recovery.unreplayed_copy)))
        if recovery.damaged_copy is not None:
            click.echo(t("doctor.damaged_kept", path=str(recovery.damaged_copy)))
        if recovery.removed_temp_files:
            click.echo(t("doctor.temp_removed", count=recovery.removed_temp_files))
        if noted:
            click.echo(t("doctor.history_noted", path=str(state.db), count=noted))
        return
    found = diagnose(state.db_path)
    good = found.newest_good
    if as_json:
        echo_json({
            "ok": found.ok, "path": str(found.path), "problem": found.problem,
            "rev": found.rev, "changes": found.changes,
            "history_entries": found.history_entries,
            "newest_good_backup": str(good.path) if good else None,
            "newest_good_backup_rev": good.rev if good else None,
            "replayable": found.replayable,
            "backups": [{"path": str(b.path), "rev": b.rev, "ok": b.ok, "checked": b.checked,
                         "problem": b.problem} for b in found.backups],
            "stale_temp_files": [str(f) for f in found.stale_temp_files],
            "history_missing": found.history_missing, "history_lost": found.history_lost,
        })
    elif found.problem is None and found.history_missing:
        click.echo(t("doctor.history_missing", path=str(state.db), count=found.history_missing,
                     changes=found.changes))
    elif found.ok:
        click.echo(t("doctor.sound", path=str(state.db), rev=found.rev, changes=found.changes))
        if found.history_lost:
            click.echo(t("doctor.history_lost", count=found.history_lost))
        click.echo(t("doctor.backups", count=len(found.backups),
                     folder=str(found.path.with_name(found.path.name + ".backups"))))
    else:
        folder = str(found.path.with_name(found.path.name + ".backups"))
        click.echo(t("doctor.problem", path=str(state.db), problem=found.problem))
        for b in found.backups:
            if b.checked and b.problem is not None:
                click.echo(t("doctor.backup_bad", backup=str(b.path), problem=b.problem))
        if good is not None:
            click.echo(t("doctor.newest_good", backup=str(good.path), rev=good.rev,
                         count=found.replayable))
            click.echo(t("doctor.hint"))
        else:
            click.echo(t("doctor.no_good_backup", folder=folder))
    if found.stale_temp_files and not as_json:
        click.echo(t("doctor.temp_files", count=len(found.stale_temp_files)))
    if not found.ok:
        ctx.exit(EXIT_FINDINGS)


# --- export and import ----------------------------------------------------------------------------


def _report_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    chosen = value.strip().lower()
    if chosen not in LANGUAGES:
        raise click.BadParameter(translate("error.bad_choice", _lang_of(ctx), value=value,
                                           allowed=", ".join(LANGUAGES)), ctx, param)
    return chosen


@cli.command()
@click.option("--out", required=True, metavar="DIR",
              help="Folder for the reports (made if missing).")
@click.option("--to", "to", default="all", show_default=True,
              metavar="all|CODE,...|association:NAME|area:NAME",
              help="Recipients: every municipality, codes or names, an association or a care area.")
@click.option("--format", "formats", default="md,html,csv,xlsx,json", show_default=True,
              metavar="md,html,csv,xlsx,json", help="Formats, separated by commas.")
@click.option("--lang", "report_lang", callback=_report_lang, metavar="sv|en",
              help="Language of the reports (default: the language of riskreg, Swedish).")
@click.option("--preview", is_flag=True,
              help="Write the reports without recording the edition (marked as a preview).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--why", default="", help="A note for the edition log.")
@json_option
@click.pass_obj
def export(state: State, out: str, to: str, formats: str, report_lang: str | None,
           preview: bool, quiet: bool, why: str, as_json: bool) -> None:
    """Write each municipality's status report, an index and manifest.json into --out.

    Only shared items whose scope concerns a municipality are in its report; what
    changed is measured against that municipality's previous edition, which the
    register records (the edition log).
    """
    from riskreg.report import export_reports, parse_formats, select_recipients

    lang = report_lang or state.lang
    with state.open() as reg:
        chosen = parse_formats(formats)
        recipients = select_recipients(reg, to)
        show = not quiet and not as_json and sys.stderr.isatty()
        kwargs: dict[str, Any] = dict(recipients=recipients, formats=chosen, lang=lang,
                                      record=not preview, why=why)
        if show:
            with click.progressbar(length=len(recipients), label=state.t("cli.export.progress"),
                                   file=sys.stderr, show_pos=True) as bar:
                manifest = export_reports(reg, out, progress=lambda *_: bar.update(1), **kwargs)
        else:
            manifest = export_reports(reg, out, **kwargs)
    if as_json:
        echo_json(manifest.to_doc())
        return
    click.echo(state.t("cli.export.done", number=manifest.edition,
                       recipients=len(manifest.recipients), files=len(manifest.files) + 1,
                       out=str(out)))
    if preview:
        click.echo(state.t("cli.export.preview"))


@cli.command()
@click.argument("kind", type=Choice(["risks", "decisions"]))
@click.option("--format", "fmt", type=Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", metavar="FILE",
              help="Where to write (default: mall-risker.csv or template-risks.csv; '-': stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_obj
def template(state: State, kind: str, fmt: str, out: str | None, force: bool) -> None:
    """Write an empty, documented template for importing risks or decisions."""
    from riskreg.exchange import template_csv, template_xlsx

    areas: list[str] = []
    from riskreg.storage import open_store

    store = open_store(state.db)
    try:
        exists = store.exists()
    finally:
        store.close()
    if exists:
        with state.open() as reg:
            areas = [a.key for a in reg.categories()]
    if fmt == "xlsx":
        data = template_xlsx(kind, state.lang, areas)
    else:
        data = template_csv(kind, state.lang, areas)
    if out == "-" and fmt == "csv":
        click.echo(data, nl=False)
        return
    if out is None:
        stem = {("sv", "risks"): "mall-risker", ("sv", "decisions"): "mall-beslut"}.get(
            (state.lang, kind), f"template-{kind}")
        out = f"{stem}.{fmt}"
    target = Path(out)
    if target.exists() and not force:
        fail(click.get_current_context(), "error.template.exists", path=str(target))
    write_file(target, data)
    click.echo(state.t("cli.template.written", path=str(target)))


def _rejected(state: State, exc: Any, as_json: bool) -> NoReturn:
    """Show every problem of a rejected import (stdout), then stop with one line (exit 2)."""
    if as_json:
        echo_json({"ok": False, "path": exc.params.get("path"), "count": len(exc.problems),
                   "problems": [{"row": p.row, "column": p.column, "where": p.where or None,
                                 "code": p.key, "message": p.message(state.lang)}
                                for p in exc.problems]})
    else:
        from riskreg.cli_output import bullets

        click.echo(state.t("cli.import.problems", path=exc.params.get("path"),
                           count=len(exc.problems)))
        click.echo(bullets([p.line(state.lang) for p in exc.problems]))
    raise Failure(exc.message(state.lang), state.lang)


@cli.command("import")
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Check everything and show what would be added.")
@click.option("--encoding", metavar="NAME",
              help="The file's encoding (default: UTF-8 with or without BOM, else Windows-1252).")
@click.option("--kind", type=Choice(["risks", "decisions"]),
              help="What the rows are (default: told by the sheet name or the columns).")
@click.option("--why", default="", help="Why (kept in the history).")
@json_option
@click.pass_obj
def import_command(state: State, file: str, dry_run: bool, encoding: str | None,
                   kind: str | None, why: str, as_json: bool) -> None:
    """Import risks or decisions from CSV, XLSX or JSON (also a 'riskreg dump' file).

    All or nothing: one bad row rejects the file, every problem is listed (row,
    column, message) and the register is left as it was.
    """
    from riskreg.exchange import ImportRejected, import_file

    with state.open() as reg:
        try:
            result = import_file(reg, file, encoding=encoding, kind=kind, dry_run=dry_run,
                                 why=why)
        except ImportRejected as exc:
            _rejected(state, exc, as_json)
    if as_json:
        echo_json(result.to_doc())
        return
    t = state.t
    what = t("cli.import.summary", areas=len(result.categories), risks=len(result.risks),
             decisions=len(result.decisions), links=len(result.links))
    for note in result.notes:
        click.echo(t(note))
    if dry_run:
        click.echo(t("cli.import.dry_run", path=file, what=what))
        from riskreg.cli_output import bullets

        lines = [f"{k} {title}" for k, title in (*result.decisions, *result.risks)]
        if lines:
            click.echo(bullets(lines))
    else:
        click.echo(t("cli.import.done", path=file, what=what))


class _Fraction(ParamType):
    name = "fraction"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            number = -1.0
        if not 0.0 <= number <= 1.0:
            self.fail(translate("error.bad_choice", _lang_of(ctx), value=str(value),
                                allowed="0–1"), param, ctx)
        return number


@cli.command("import-submission")
@click.argument("file", metavar="FILE")
@click.option("--from", "code", required=True, metavar="CODE|NAME",
              help="The municipality that sent the list.")
@click.option("--dry-run", is_flag=True, help="Show the plan; write nothing.")
@click.option("--encoding", metavar="NAME", help="The file's encoding (default: detected).")
@click.option("--threshold", type=_Fraction(), default=0.6, show_default=True,
              help="Similarity (0-1) from which a row counts as the same risk.")
@click.option("--why", default="", help="Why (kept in the history).")
@json_option
@click.pass_obj
def import_submission_command(state: State, file: str, code: str, dry_run: bool,
                              encoding: str | None, threshold: float, why: str,
                              as_json: bool) -> None:
    """Bring a municipality's own risk list into the joint analysis.

    Each row is matched to a risk (by key, else by similar title and description,
    score shown); the municipality is recorded as reporting it. Rows without a
    match become new risks (identified, needs review).
    """
    from riskreg.cli_output import Column, table
    from riskreg.exchange import ImportRejected, import_submission

    with state.open() as reg:
        org = reg.directory.get(code)
        try:
            result = import_submission(reg, file, org.code, encoding=encoding, dry_run=dry_run,
                                       threshold=threshold, why=why)
        except ImportRejected as exc:
            _rejected(state, exc, as_json)
    if as_json:
        echo_json(result.to_doc())
        return
    t = state.t
    columns = [Column(t("cli.col.row"), right=True),
               Column(t("cli.col.title"), flex=True, max_width=50, min_width=16),
               Column(t("cli.col.result")), Column(t("cli.col.risk")),
               Column(t("cli.col.score"), right=True),
               Column(t("cli.col.matched_title"), flex=True, max_width=50, min_width=16,
                      shrink_order=1)]
    rows = [[p.row, p.title, t(f"cli.submission.{p.action}"), p.key,
             t("cli.submission.by_key") if p.by == "key" else f"{p.score:.2f}",
             p.matched_title] for p in result.rows]
    if rows:
        click.echo(table(columns, rows))
    if result.ignored_columns:
        click.echo(t("cli.submission.ignored", columns=", ".join(result.ignored_columns)))
    if dry_run:
        click.echo(t("cli.submission.dry_run"))
    click.echo(t("cli.submission.done", name=org.name, path=file,
                 matched=result.count("matched"), already=result.count("already"),
                 new=result.count("new")))


@cli.command()
@click.option("--out", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--shared-only", is_flag=True, help="Leave out internal items and their links.")
@click.pass_obj
def dump(state: State, out: str | None, shared_only: bool) -> None:
    """The whole register as one JSON document ('riskreg import' reads it back).

    Unlike 'export', this holds internal items too (unless --shared-only).
    """
    from riskreg.exchange import dumps

    with state.open() as reg:
        text = dumps(reg, shared_only=shared_only)
    if out is None:
        click.echo(text, nl=False)
        return
    write_file(out, text.encode("utf-8"))
    click.echo(state.t("cli.dump.written", path=out))


# --- the server: schema, a throwaway server, copies between stores -----------------------------


@cli.group(cls=RiskregGroup)
def db() -> None:
    """The server store: schema upgrades, a throwaway local server."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(state: State) -> None:
    """Bring the database at --db (a postgresql:// URL) to this riskreg's schema.

    Applies the migrations the database lacks, each in one transaction, under a lock
    (two upgrades at once wait for each other). riskreg never does this unasked.
    """
    from riskreg.server.admin import upgrade_schema
    from riskreg.storage import is_url

    if not is_url(state.db):
        fail(click.get_current_context(), "cli.db.needs_url", db=state.db)
    before, after = upgrade_schema(state.db)
    if before == after:
        click.echo(state.t("cli.db.up_to_date", version=after))
    else:
        click.echo(state.t("cli.db.upgraded", before=before, after=after))


@db.command("status")
@json_option
@click.pass_obj
def db_status(state: State, as_json: bool) -> None:
    """The schema version of the database at --db and the registers in it."""
    from riskreg.server.admin import server_status
    from riskreg.storage import is_url

    if not is_url(state.db):
        fail(click.get_current_context(), "cli.db.needs_url", db=state.db)
    status = server_status(state.db)
    if as_json:
        echo_json({"schema": status.schema, "supported": status.supported,
                   "registers": [{"name": r.name, "title": r.title, "revision": r.revision,
                                  "items": r.items} for r in status.registers]})
        return
    click.echo(state.t("cli.db.status", version=status.schema, supported=status.supported))
    for r in status.registers:
        click.echo(state.t("cli.db.register", name=r.name, title=r.title,
                           revision=r.revision, items=r.items))


@db.command("serve")
@click.option("--example", is_flag=True,
              help="Put the example register in it (register 'main').")
@click.option("--no-fsync", is_flag=True, help="Faster, not crash-safe (demos only).")
@click.pass_obj
def db_serve(state: State, example: bool, no_fsync: bool) -> None:
    """Run a throwaway local PostgreSQL server until Ctrl+C, and print its URL.

    Its data lives in a temporary folder and is removed when it stops; it listens on
    a Unix socket only. Point riskreg at it with the printed 'export RISKREG_DB=...'.
    """
    import shlex
    import signal

    from riskreg.server.local import LocalServer

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with LocalServer(fsync=not no_fsync) as server:
            url = server.url
            if example:
                from riskreg.example import build_example

                build_example(url, user=state.user).close()
            click.echo(state.t("cli.db.serving", folder=str(server.folder)))
            click.echo(f"  export RISKREG_DB={shlex.quote(url)}")
            click.echo(state.t("cli.db.stop_hint"))
            server.wait()
    except KeyboardInterrupt:
        click.echo(state.t("cli.db.stopped"))


@cli.command("copy")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@json_option
@click.pass_obj
def copy_command(state: State, source: str, target: str, as_json: bool) -> None:
    """Copy a register from SOURCE to TARGET, each a file or a postgresql:// URL.

    The copy holds the same content, history (entry for entry), edition log and
    revision; 'riskreg dump' of both is the same. TARGET must not exist yet.
    """
    from riskreg.transfer import copy_register

    result = copy_register(source, target)
    if as_json:
        echo_json({"source": result.source, "target": result.target,
                   "revision": result.revision, "records": result.records,
                   "history": result.history})
        return
    click.echo(state.t("cli.copy.done", source=result.source, target=result.target,
                       records=result.records, history=result.history,
                       revision=result.revision))


# --- entry point --------------------------------------------------------------------------------


@cli.command("tui")
@click.pass_obj
def tui_command(state: State) -> None:
    """Open the review UI (terminal) on the register."""
    from tui.app import run

    code = run(state.db, lang=state.lang, user=state.user)
    if code:
        sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """The ``riskreg`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="riskreg")


if __name__ == "__main__":
    main()
