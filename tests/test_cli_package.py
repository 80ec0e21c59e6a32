"""The command line as a package: commands loaded when used, their table true to them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from riskreg.cli import COMMANDS, cli
from riskreg.cli.groups import LazyGroup, RiskregGroup
from riskreg.cli.localized import Command


def loaded(name: str) -> click.Command:
    assert isinstance(cli, LazyGroup)
    return cli.load(name)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_where_the_table_says_with_the_help_it_states(name: str) -> None:
    """``riskreg --help`` lists the table's help lines without importing the commands:
    they must be the commands' own (the same message, shortened the same way)."""
    command = loaded(name)
    assert command.name == name or (command.name or "").replace("_", "-") == name
    assert COMMANDS[name].help == command.help
    stand_in = Command(name, help=COMMANDS[name].help)
    for width in (30, 45, 70, 200):
        assert stand_in.get_short_help_str(width) == command.get_short_help_str(width)


def test_root_help_is_the_same_with_every_command_loaded() -> None:
    runner = CliRunner()
    lazily = runner.invoke(cli, ["--help"], terminal_width=100)
    eager = RiskregGroup(name="riskreg", params=cli.params, help=cli.help,
                         context_settings=cli.context_settings,
                         commands={name: loaded(name) for name in COMMANDS})
    eagerly = runner.invoke(eager, ["--help"], terminal_width=100)
    assert lazily.exit_code == eagerly.exit_code == 0
    assert lazily.output == eagerly.output
    assert all(name in lazily.output for name in COMMANDS)


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from riskreg.cli import main\n"
        f"sys.argv = ['riskreg', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stderr.split())


def test_a_command_imports_only_its_own_group() -> None:
    modules = _modules_after(["--help"])
    assert not {m for m in modules if m.startswith("riskreg.cli.") and m not in {
        "riskreg.cli.core", "riskreg.cli.groups", "riskreg.cli.options", "riskreg.cli.types",
        "riskreg.cli.neutral", "riskreg.cli.process", "riskreg.cli.clicktext",
        "riskreg.cli.localized"}}
    for heavy in ("networkx", "jinja2", "openpyxl", "textual", "psycopg", "riskreg.register"):
        assert heavy not in modules, heavy
    modules = _modules_after(["risk", "--help"])
    assert "riskreg.cli.risks" in modules
    assert "riskreg.cli.exchange" not in modules and "riskreg.cli.analysis" not in modules


def test_the_group_names_every_command_before_importing_any() -> None:
    code = ("import sys\nfrom riskreg.cli import cli\n"
            "names = sorted(cli.commands)\n"
            "assert 'import' in cli.commands and len(cli.commands) == len(names)\n"
            "print(names, [m for m in sys.modules if m.startswith('riskreg.cli.')])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    names, modules = done.stdout.rsplit("] [", 1)
    assert all(repr(name) in names for name in COMMANDS)
    assert "exchange" not in modules and "risks" not in modules


def test_the_logs_models_are_imported_only_for_a_register_that_has_logs(tmp_path: Path) -> None:
    """check and impact on a register without contacts, deliveries or editions do not import
    their modules; on one with an edition recorded, check reads it (and finds it)."""
    import riskreg

    db = tmp_path / "r.json"
    riskreg.build_example(db, user="t").close()
    for argv in (["check", "--json"], ["impact", "KL-2022-07", "--json"]):
        modules = _modules_after(["--db", str(db), *argv])
        assert "riskreg.register" in modules
        assert "riskreg.delivery.model" not in modules and "riskreg.editions" not in modules
    out = tmp_path / "out"
    with riskreg.Register.open(db, user="t") as reg:
        riskreg.export_reports(reg, out, recipients=["1402"], formats=("json",))
        assert reg.editions()
    modules = _modules_after(["--db", str(db), "check", "--json"])
    assert "riskreg.editions" in modules
