"""The root's options (``--db``, ``--user``, ``--lang``) work after the command too.

A newcomer copies ``riskreg tui --db riskreg.json --lang en`` from the README: the global
options may come before or after the command (and its group), with the same meaning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from riskreg.cli import cli


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKREG_TODAY", "2026-11-22")
    monkeypatch.delenv("RISKREG_USER", raising=False)
    monkeypatch.delenv("RISKREG_LANG", raising=False)
    monkeypatch.delenv("RISKREG_DB", raising=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_tui_takes_db_and_lang_after_the_command(monkeypatch: pytest.MonkeyPatch,
                                                 example_path: Path) -> None:
    """The README's ``riskreg tui --db riskreg.json --lang en`` opens that register in
    English (it failed with "no such option: --db")."""
    import tui.app

    opened: dict[str, Any] = {}

    def fake_run(db: str, *, lang: str, user: str | None) -> int:
        opened.update(db=db, lang=lang, user=user)
        return 0

    monkeypatch.setattr(tui.app, "run", fake_run)
    result = invoke("tui", "--db", str(example_path), "--lang", "en", "--user", "pia")
    assert result.exit_code == 0, result.output
    assert opened == {"db": str(example_path), "lang": "en", "user": "pia"}


@pytest.mark.parametrize("argv", [
    ["--db", "{db}", "--lang", "en", "risk", "show", "R-004", "--json"],
    ["risk", "show", "R-004", "--json", "--db", "{db}", "--lang", "en"],
    ["risk", "--db", "{db}", "show", "--lang", "en", "R-004", "--json"],
])
def test_the_same_answer_wherever_the_global_options_stand(argv: list[str],
                                                           example_path: Path) -> None:
    result = invoke(*[a.replace("{db}", str(example_path)) for a in argv])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["key"] == "R-004"


def test_an_option_after_the_command_wins_over_the_environment(
        monkeypatch: pytest.MonkeyPatch, example_path: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("RISKREG_DB", str(tmp_path / "elsewhere.json"))
    monkeypatch.setenv("RISKREG_LANG", "sv")
    result = invoke("risk", "show", "R-004", "--db", str(example_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Title" in result.stdout and "Titel" not in result.stdout


def test_an_error_speaks_the_language_given_after_the_command(example_path: Path) -> None:
    result = invoke("--db", str(example_path), "risk", "show", "R-999", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("riskreg: error: ") and "R-999" in result.stderr
    swedish = invoke("--lang", "en", "--db", str(example_path), "risk", "show", "R-999",
                     "--lang", "sv")
    assert swedish.stderr.startswith("riskreg: fel: ")


def test_a_bad_language_after_the_command_is_one_line(example_path: Path) -> None:
    result = invoke("risk", "show", "R-004", "--db", str(example_path), "--lang", "xx")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'--lang'" in result.stderr


def test_user_after_the_command_is_recorded(example_path: Path) -> None:
    result = invoke("risk", "review", "R-004", "--note", "Granskad på mötet",
                    "--db", str(example_path), "--user", "pia")
    assert result.exit_code == 0, result.output
    history = json.loads(invoke("history", "R-004", "--json", "--db",
                                str(example_path)).stdout)
    assert history["changes"][-1]["user"] == "pia"


def test_export_lang_is_the_reports_language_and_the_messages(example_path: Path,
                                                              tmp_path: Path) -> None:
    """``export`` has a ``--lang`` of its own (the reports' language); given after the command
    with no ``--lang`` before it, the command's own lines are in that language too."""
    out = tmp_path / "out"
    result = invoke("--db", str(example_path), "export", "--out", str(out), "--to", "1487",
                    "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Edition" in result.stdout
    report = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "Decisions" in report
