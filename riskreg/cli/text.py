"""Text parts that several commands print: titled sections, links, latest changes, reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from riskreg.cli.core import State
    from riskreg.cli.reading import MatrixWords


def section(title: str, items: Sequence[str]) -> None:
    """``Title (n)`` and a bulleted list, after an empty line; nothing when there are none."""
    from riskreg.cli_output import bullets

    if not items:
        return
    click.echo()
    click.echo(f"{title} ({len(items)})")
    click.echo(bullets(items))


def review_mark(state: State, item: Mapping[str, Any]) -> str:
    """The "needs review" mark of a list row (an item as its document)."""
    return state.t("cli.needs_review_mark") if item["needs_review"] else ""


def reason_text(state: State, reason: Mapping[str, Any]) -> str:
    """Why an item needs review (a stored review reason), with the day it was flagged."""
    from riskreg.words import describe_reason

    text = describe_reason(reason["kind"], reason["trigger"], reason.get("detail", ""),
                           state.lang)
    return f"{reason['on']} {text}" if reason.get("on") else text


def action_word(state: State, action: str) -> str:
    """A history entry's action (``update``, ``assess``...) in words."""
    return state.word("history", action)


def links_section(state: State, words: MatrixWords, links: Sequence[Mapping[str, Any]]) -> None:
    """The linked items (as ``show --json`` lists them): relation, key, state, title, note."""
    t = state.t
    lines = []
    for link in links:
        kind = "relation" if link["direction"] == "outgoing" else "relation.rev"
        word = state.word(kind, link["relation"])
        if link["kind"] == "decision":
            state_word = state.word("validity", link["validity"])
        else:
            state_word = f"{words.band_label(link['level'], state.lang)} {link['value']}"
        line = f"{word} {link['key']} ({state_word}): {link['title']}"
        if link["note"]:
            line += f" [{link['note']}]"
        lines.append(line)
    section(t("cli.field.links"), lines)


def history_section(state: State, changes: Sequence[Mapping[str, Any]], limit: int = 5) -> None:
    """The latest ``limit`` changes: when, who, what (which fields), why."""
    from riskreg.cli_output import change_text, local_time

    lines = []
    for c in changes[-limit:]:
        what = action_word(state, c["action"])
        touched, why = change_text(c, state.lang)
        if touched:
            what += f" ({touched})"
        line = f"{local_time(c)} {c['user']}: {what}"
        if why:
            line += f" – {why}"
        lines.append(line)
    section(state.t("cli.field.history"), lines)


__all__ = ["action_word", "history_section", "links_section", "reason_text", "review_mark",
           "section"]
