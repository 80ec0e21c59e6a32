"""The illustrative Millennium-pause register, built from its readable TOML sources.

The sources live in ``examples/millennium_pause/`` of the repository and ship
inside the wheel as the package ``riskreg.example_data``.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from riskreg.errors import RiskregError, ValidationError
from riskreg.messages import translate
from riskreg.model import Category, Decision, Risk
from riskreg.register import Register
from riskreg.serialize import from_doc

SOURCE_FILES = ("areas.toml", "risks.toml", "decisions.toml", "links.toml")
#: the example's contacts (a project lead and a ledningsråd per municipality, a few people
#: of target groups), in the format ``riskreg contacts import`` reads
CONTACTS_FILE = "contacts.csv"


def example_sources() -> Traversable:
    """The folder holding the example's TOML sources (installed package data or the repository)."""
    try:
        folder = resources.files("riskreg.example_data")
        if folder.joinpath("areas.toml").is_file():
            return folder
    except ModuleNotFoundError:
        pass
    repo = Path(__file__).resolve().parent.parent / "examples" / "millennium_pause"
    if (repo / "areas.toml").is_file():
        return repo
    raise RiskregError("error.example_missing")


def load_sources(folder: Traversable | None = None) -> dict[str, Any]:
    """The four source files, parsed."""
    folder = folder or example_sources()
    parsed: dict[str, Any] = {}
    for name in SOURCE_FILES:
        try:
            parsed[name] = tomllib.loads(folder.joinpath(name).read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError("error.bad_document", problem=f"{name}: {exc}") from None
    return parsed


def build_example(
    path: str | os.PathLike[str],
    *,
    user: str | None = None,
    folder: Traversable | None = None,
    today: date | None = None,
    lang: str | None = None,
) -> Register:
    """Create the example register at ``path`` from the sources (one write); the history
    says why in ``lang`` (default: ``RISKREG_LANG``, else Swedish)."""
    sources = load_sources(folder)
    head = sources["areas.toml"].get("register", {})
    categories = [from_doc(a, Category) for a in sources["areas.toml"]["area"]]
    register = Register.create(
        path,
        name=head.get("name", ""),
        categories=categories,
        user=user,
        today=(lambda: today) if today else None,
    )
    try:
        with register.batch(why=translate("example.built", lang)):
            for doc in sources["risks.toml"]["risk"]:
                doc = dict(doc)
                doc["actions"] = doc.pop("action", [])
                register.add_risk(_named(doc, Risk))
            for doc in sources["decisions.toml"]["decision"]:
                register.add_decision(_named(doc, Decision))
            for doc in sources["links.toml"]["link"]:
                register.link(
                    doc["source"], doc["relation"], doc["target"], note=doc.get("note", "")
                )
            contacts = (folder or example_sources()).joinpath(CONTACTS_FILE)
            if contacts.is_file():  # the status's recipients: fictitious .example addresses
                from riskreg.exchange.contacts import import_contacts

                import_contacts(register, CONTACTS_FILE, data=contacts.read_bytes(), lang=lang)
    except BaseException:
        register.close()
        register.discard_files()  # no half-built register left behind to block a retry
        raise
    return register


def _named(doc: dict[str, Any], cls: type[Any]) -> Any:
    try:
        return from_doc(doc, cls)
    except ValidationError as exc:
        raise ValidationError(
            "error.bad_document", problem=f"{doc.get('key', '?')}: {exc.message('en')}"
        ) from None
