"""Today, as the register sees it: the date, or ``RISKREG_TODAY`` for reproducible runs."""

from __future__ import annotations

import os
from datetime import date

from riskreg.errors import ValidationError


def current_day() -> date:
    """Today, or RISKREG_TODAY (ISO date) when set, for reproducible reports and tests."""
    override = os.environ.get("RISKREG_TODAY")
    if override:
        try:
            return date.fromisoformat(override)
        except ValueError:
            raise ValidationError("error.bad_date", value=override) from None
    return date.today()


__all__ = ["current_day"]
