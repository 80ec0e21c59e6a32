"""One language at a time: the words only one language's catalogue uses, and a check that a
text shown in one language holds none of the other's, nor a raw field name or value.

The word lists are made from the catalogues themselves: a word is Swedish if the Swedish
texts use it and the English ones never do, and the other way round, so proper names both
use (Klinisk ledning, Millennium) and codes are never counted. Text someone typed is not
the program's: the tests render a register whose typed text is neutral (:func:`neutral_dump`).
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import message_tools
from babel.messages.pofile import read_po
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.exchange.dump import register_doc

ROOT = Path(__file__).resolve().parent.parent
tools = message_tools.load()
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü][A-Za-zÅÄÖåäöÉéÜü_]*")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)s")


def texts_of(lang: str) -> list[str]:
    """Every text of every catalogue in ``lang`` (click's own English: its msgids)."""
    found = []
    for domain in tools.DOMAINS:
        with tools.po_path(domain, lang).open("rb") as f:
            for message in read_po(f):
                if message.id:
                    forms = message.string if isinstance(message.string, tuple) else (
                        message.string,)
                    found.extend(forms)
    with tools.po_path(tools.CLICK, "sv").open("rb") as f:
        for message in read_po(f):
            if not message.id:
                continue
            if lang == "sv":
                found.extend(message.string if isinstance(message.string, tuple)
                             else (message.string,))
            else:
                found.extend(message.id if isinstance(message.id, tuple) else (message.id,))
    return found


def words_of(texts: list[str]) -> set[str]:
    return {w.casefold() for t in texts for w in _WORD.findall(_PLACEHOLDER.sub(" ", t))
            if len(w) > 2}


@cache
def only_in() -> dict[str, frozenset[str]]:
    """Each language's words that the other language's texts never use."""
    sv, en = words_of(texts_of("sv")), words_of(texts_of("en"))
    return {"sv": frozenset(sv - en), "en": frozenset(en - sv)}


@cache
def raw_names() -> frozenset[str]:
    """Names from the code that a reader must never see: fields and values with ``_``."""
    from riskreg.delivery.model import Contact, Delivery
    from riskreg.editions import Edition
    from riskreg.model import Category, Decision, Link, Note, Risk
    from riskreg.words import WORDS

    names = {f.name for cls in (Risk, Decision, Link, Note, Category, Edition, Contact, Delivery)
             for f in attrs.fields(cls)}
    names |= {value for table in WORDS.values() for value in table}
    return frozenset(n.casefold() for n in names if "_" in n)


@cache
def directory_words() -> frozenset[str]:
    """The words of the organisations' names (data: Mark, Lilla Edet...), never flagged."""
    from riskreg.organisations import REGION, municipalities

    names = [n for o in (*municipalities(), REGION) for n in (o.name, o.association, o.care_area)]
    return frozenset(w.casefold() for n in names for w in _WORD.findall(n))


_PATH = re.compile(r"\S*[/\\]\S*|\S+\.(?:csv|json|xlsx|md|html|eml|dot|j2)\b")


def leaks(text: str, lang: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` that are the other language's, or raw names from the code (paths
    and file names left out: they are the user's)."""
    other = only_in()["en" if lang == "sv" else "sv"]
    raw = raw_names()
    allowed = allowed | directory_words()
    found = []
    for word in _WORD.findall(_PATH.sub(" ", text)):
        folded = word.casefold()
        if folded in allowed:
            continue
        if folded in raw or folded.strip("_") in raw or folded in other:
            found.append(word)
    return found


def visible_html(text: str) -> str:
    """What a browser shows of an HTML page: no tags, no style or script, entities decoded."""
    text = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)<!--.*?-->", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def svg_text(svg: str) -> str:
    """The text of a Textual screenshot (its <text> elements), one line per row."""
    return html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace(
        "\xa0", " ")


NEUTRAL = "Lorem"


def neutral_dump(doc: dict[str, Any]) -> dict[str, Any]:
    """A register dump with every text someone typed made neutral (no word of either
    language): titles, descriptions, consequences, actions, owners, summaries, target
    groups, areas of care, rationales, notes, area names."""
    counter = iter(range(1, 100_000))

    def neutral(_: Any = None) -> str:
        return f"{NEUTRAL} {next(counter)}"

    for area in doc["categories"]:
        area["name"], area["description"] = neutral(), neutral()
    for risk in doc["risks"]:
        risk["title"], risk["description"], risk["owner"] = neutral(), neutral(), neutral()
        risk["consequences"] = [neutral() for _ in risk["consequences"]]
        for action in risk["actions"]:
            action["text"] = neutral()
            action["owner"] = neutral() if action.get("owner") else ""
    for decision in doc["decisions"]:
        decision["title"], decision["summary"] = neutral(), neutral()
        decision["care_areas"] = [neutral() for _ in decision["care_areas"]]
        decision["target_groups"] = [neutral() for _ in decision["target_groups"]]
        if decision.get("assessment"):
            decision["assessment"]["by"] = neutral()
            decision["assessment"]["rationale"] = neutral()
    for link in doc["links"]:
        link["note"] = neutral() if link.get("note") else ""
    return doc


def neutral_register(lang: str, folder: Path) -> Path:
    """The example register with neutral typed text, built by someone working in ``lang``
    (what riskreg records in words of its own is in their language), changed in the ways
    that make riskreg write history of its own (flags, a link, fields changed, a review)."""
    with riskreg.build_example(folder / "source.json", user="test") as source:
        doc = neutral_dump(register_doc(source))
    dump = folder / "neutral.json"
    dump.write_text(json.dumps(doc), "utf-8")
    db = folder / "riskreg.json"
    for args in (["init"], ["import", str(dump)],
                 ["decision", "assess", "KL-2022-03", "--validity", "suspended",
                  "--rationale", "Lorem"],
                 ["link", "add", "R-001", "aggravates", "R-002", "--why", "Lorem"],
                 ["risk", "edit", "R-001", "--owner", "Lorem", "--add-action", "Lorem",
                  "--why", "Lorem"],
                 ["risk", "review", "R-002", "--note", "Lorem"]):
        result = CliRunner().invoke(cli, ["--db", str(db), "--user", "test", "--lang", lang,
                                          *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    return db
