"""Fixtures for the review UI's tests: a fresh example register and the app on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import FIXED_AT, make_app

from tui.app import RiskregApp


@pytest.fixture
def register_path(example_path: Path) -> Path:
    """The example register, its history timestamps fixed (same length, so still valid)."""
    history = example_path.with_name(example_path.name + ".history.jsonl")
    text = history.read_text("utf-8")
    fixed = re.sub(r'"at":"[0-9T:+\-]{25}"', f'"at":"{FIXED_AT}"', text)
    assert len(fixed.encode()) == len(text.encode())
    history.write_text(fixed, "utf-8")
    return example_path


@pytest.fixture
def app_factory(register_path: Path) -> Callable[..., RiskregApp]:
    """Make the app on the fixed example register (user "test", today 2026-11-22)."""

    def factory(**kwargs: Any) -> RiskregApp:
        return make_app(register_path, **kwargs)

    return factory
