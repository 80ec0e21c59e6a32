"""A why or a rationale must say something: placeholder text (``…``, ``-``, ``TODO``) is refused
by the library, so every way in (API, CLI, UI) refuses it and the register stays as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from stores import fingerprint, unchanged
from strategies import refused

import riskreg
from riskreg.cli import cli
from riskreg.placeholders import is_placeholder

PLACEHOLDERS = ["…", "...", "-", "–", "?", " … ", "TODO", "todo.", "TBD", "xxx", "(fyll i)",
                "Lorem ipsum", "***"]
REASONS = ["Bygger på pausad design", "OK", "Se protokoll 2026-11-22", "x", "§ 4",
           "Pausen", "1"]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholders_are_told(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["", *REASONS])
def test_reasons_and_no_reason_at_all_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


@given(st.text(alphabet=st.characters(categories=["P", "S", "Z"]), min_size=1, max_size=12))
def test_text_without_a_letter_or_digit_is_a_placeholder(text: str) -> None:
    assert is_placeholder(text) == bool(text.strip())


@pytest.mark.parametrize("text", ["…", "TODO"])
def test_the_library_refuses_a_placeholder_rationale(text: str, example_path: Path) -> None:
    with riskreg.Register.open(example_path, user="test") as reg, unchanged(example_path), \
            refused(riskreg.ValidationError, "error.placeholder.rationale"):
        reg.assess("KL-2022-07", "suspended", rationale=text)


def test_the_library_refuses_a_placeholder_why(example_path: Path) -> None:
    with riskreg.Register.open(example_path, user="test") as reg:
        with unchanged(example_path), refused(riskreg.ValidationError,
                                              "error.placeholder.why", value="…"):
            reg.update_risk("R-004", owner="MAS", why="…")
        with unchanged(example_path), refused(riskreg.ValidationError,
                                              "error.placeholder.why"), reg.batch(why="-"):
            reg.mark_reviewed("R-004")
        with unchanged(example_path), refused(riskreg.ValidationError,
                                              "error.placeholder.rationale"):
            reg.propose_acceptance("R-004", "...", date(2027, 6, 30))
        # the same change with a reason goes through
        reg.update_risk("R-004", owner="MAS", why="Ny ägare efter mötet")
        assert reg.history("R-004")[-1].why == "Ny ägare efter mötet"


def test_the_cli_refuses_the_readme_s_old_placeholder(example_path: Path) -> None:
    """``riskreg decision assess KL-2022-07 --validity suspended --rationale "…"`` (the README's
    example once) is bad input: one line, exit 2, the register untouched."""
    before = fingerprint(example_path)
    result = CliRunner().invoke(cli, ["--db", str(example_path), "--lang", "en", "decision",
                                      "assess", "KL-2022-07", "--validity", "suspended",
                                      "--rationale", "…"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no rationale" in result.stderr
    assert fingerprint(example_path) == before
