"""The library's public face: import cost, layering, and what scripts can reach."""

from __future__ import annotations

import subprocess
import sys

import riskreg


def test_import_riskreg_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, riskreg, riskreg.cli\n"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_everything_in_all_is_importable() -> None:
    missing = [name for name in riskreg.__all__ if not hasattr(riskreg, name)]
    assert missing == []


def test_example_sources_ship_with_the_package() -> None:
    folder = riskreg.example_sources()
    for name in ("areas.toml", "risks.toml", "decisions.toml", "links.toml"):
        assert folder.joinpath(name).is_file(), name
