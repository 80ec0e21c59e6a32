"""What may leave the register: shared items, and nothing in them that names an internal one.

DESIGN.md invariant 3: nothing marked internal leaves the register, not in an
export, a dump for sharing, a message, a count or a hash. "Internal" here means every
item that is not shared (:attr:`riskreg.model.Visibility.is_shared`, the one test): the
central team's internal items and the municipalities' submissions not yet taken into the
joint analysis alike (:meth:`Register.unshared_keys`). The reports
(:mod:`riskreg.report.build`), ``riskreg dump --shared-only``, ``riskreg graph``
without ``--include-internal`` and the hashes they carry take their items from here.

What is left out or cut of a shared item:

- **Review reasons triggered by an internal item.** Assessing an internal decision
  flags the shared risks resting on it "needs review", with the decision's key as the
  trigger. Inside the register that flag is right (the project lead must look at the
  risk); outside it, it would name the internal decision and tell that it changed. The
  flag stays in the register; what leaves it never shows it: the reports show no
  review state at all, and a shared dump drops the reasons whose trigger is internal.
- **The revision.** It counts every save of the item, flags from internal assessments
  included, so a shared dump leaves it out (``import`` numbers items afresh anyway).
- **The acceptance of a risk** (:class:`~riskreg.model.Acceptance`: who proposed and
  approved it, until when) and the review reasons it leaves when it lapses or expires
  (kinds ``acceptance_*``). It is the central team's own record, and it lapses when a
  mitigating decision stops applying, internal decisions included: shown outside, it
  would tell that an internal decision changed. The risk's status stays shared.
- **The key of an internal item in free text** (a title, a description, a link's note,
  a review reason's detail): replaced by ``[…]`` (:data:`REDACTED`).

The shared hash (:func:`shared_content_hash`) covers the shared content without its
bookkeeping (revision, updated, review flags, last review: see
:func:`riskreg.editions.item_digest`), so no internal change can move it;
:meth:`Register.content_hash` still covers everything, for the register's own use (the
edition log).

A key in shared text is kept only when it names a shared item or a removed one (whose key
is never given out again); any other (an internal item's, a submission's, or one no item
has yet) is cut. So adding an internal item under a key shared text already names changes
no report, and ``[…]`` does not tell an internal item from a key nobody has used. Making a
shared item internal cuts its key from the text: that change is to a shared item.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from riskreg.model import Link
from riskreg.serialize import from_doc, matrix_to_doc, to_doc

if TYPE_CHECKING:
    from riskreg.graph import DependencyGraph
    from riskreg.model import Decision, Risk
    from riskreg.register import Register

T = TypeVar("T")

#: What stands in free text where an internal item's key was.
REDACTED = "[…]"
_KEY = re.compile(r"(?<![\w-])(?:R-\d{3,6}|KL-\d{4}-\d{2,4})(?![\w-])")
#: Fields of a shared item that leave the register in no shared form (see the module doc).
_NOT_SHARED = frozenset({"revision", "acceptance", "raised"})
#: Kinds of review reason that stay in the register whatever triggered them.
_UNSHARED_REASON_PREFIX = "acceptance_"


class Redactor:
    """Cuts what names an internal item out of shared items (see the module doc)."""

    def __init__(self, hidden: Iterable[str], known: Iterable[str] | None = None) -> None:
        self.hidden = frozenset(hidden)
        #: every key given out (items and removed ones); None: cut only ``hidden``
        self.known = None if known is None else frozenset(known)
        self._active = bool(self.hidden) or self.known is not None

    def cuts(self, key: Any) -> bool:
        """Whether ``key`` is cut: an unshared item's, or (with ``known``) one never given."""
        return key in self.hidden or (self.known is not None and key not in self.known)

    def text(self, text: str) -> str:
        """``text`` with every key of an internal item replaced by :data:`REDACTED`."""
        if not self._active or ("R-" not in text and "KL-" not in text):
            return text
        cut = _KEY.sub(lambda m: REDACTED if self.cuts(m.group()) else m.group(), text)
        return text if cut == text else cut

    def names_hidden(self, doc: Any) -> bool:
        """Whether a document names an internal item anywhere (one pass over its JSON text,
        much cheaper than walking it; nearly every shared item names none)."""
        if not self._active:
            return False
        text = json.dumps(doc, ensure_ascii=False)
        return any(self.cuts(m.group()) for m in _KEY.finditer(text))

    def doc(self, doc: Any) -> Any:
        """A shared item's document cut as above (the same object when nothing is cut)."""
        if not self._active and not _has_unshared_reason(doc):
            return doc
        if isinstance(doc, str):
            return self.text(doc)
        if isinstance(doc, list):
            items = [self.doc(x) for x in doc]
            return doc if all(a is b for a, b in zip(items, doc, strict=True)) else items
        if isinstance(doc, dict):
            cut: dict[str, Any] = {}
            changed = False
            for key, value in doc.items():
                if key == "review_reasons" and isinstance(value, list):
                    new = [self.doc(r) for r in value
                           if not (isinstance(r, dict) and (
                               (r.get("trigger") and self.cuts(r.get("trigger")))
                               or str(r.get("kind", "")).startswith(_UNSHARED_REASON_PREFIX)))]
                    same = len(new) == len(value) and all(
                        a is b for a, b in zip(new, value, strict=True))
                    new_value: Any = value if same else new
                else:
                    new_value = self.doc(value)
                changed = changed or new_value is not value
                cut[key] = new_value
            return cut if changed else doc
        return doc

    def model(self, model: T, doc: dict[str, Any] | None = None) -> T:
        """``model`` cut as above (the same object when nothing is cut)."""
        reasons = getattr(model, "review_reasons", ())
        unshared_reason = any(r.kind.startswith(_UNSHARED_REASON_PREFIX) for r in reasons)
        if not self._active and not unshared_reason:
            return model
        original = to_doc(model) if doc is None else doc
        if not unshared_reason and not self.names_hidden(original):
            return model
        cut = self.doc(original)
        return model if cut is original else from_doc(cut, type(model))


def _has_unshared_reason(doc: Any) -> bool:
    reasons = doc.get("review_reasons") if isinstance(doc, dict) else None
    return isinstance(reasons, list) and any(
        isinstance(r, dict) and str(r.get("kind", "")).startswith(_UNSHARED_REASON_PREFIX)
        for r in reasons
    )


def redactor(register: Register) -> Redactor:
    """The redactor of ``register``'s items that are not shared (internal, submitted)."""
    return Redactor(register.unshared_keys(), register.known_keys())


def shared_items(register: Register) -> tuple[list[Risk], list[Decision], list[Link]]:
    """The shared risks, decisions and links between them, with nothing naming an internal
    item (see the module doc), sorted by key."""
    cut = redactor(register)
    risks = [cut.model(r) for r in register.risks() if r.is_shared]
    decisions = [cut.model(d) for d in register.decisions() if d.is_shared]
    links = [cut.model(x) for x in register.links()
             if x.source not in cut.hidden and x.target not in cut.hidden]
    return risks, decisions, links


def shared_doc(item: Any) -> dict[str, Any]:
    """A shared item (already cut by a :class:`Redactor`) as a dump for sharing holds it."""
    return {k: v for k, v in to_doc(item).items() if k not in _NOT_SHARED}


def shared_graph(register: Register) -> DependencyGraph:
    """The dependency graph of the shared items alone (what ``riskreg graph`` exports unless
    ``--include-internal``): no internal item, no link to one, no note naming one."""
    cut = redactor(register)
    return register.graph.without(cut.hidden, note=cut.text)


def shared_content_hash(register: Register) -> str:
    """SHA-256 of the content that may leave the register: its name, matrix, areas and own
    organisations, and the shared items (their content without bookkeeping, see
    :func:`riskreg.editions.item_digest`) and the links between them.

    A function of the shared content alone: no change to an internal item (nor a flag it
    sets on a shared one) moves it.
    """
    from riskreg.editions import item_digest
    from riskreg.organisations import REGION, municipalities

    builtin = {o.code: o for o in (*municipalities(), REGION)}
    risks = [r for r in register.risks() if r.is_shared]
    decisions = [d for d in register.decisions() if d.is_shared]
    keys = {x.key for x in risks} | {x.key for x in decisions}
    content = {
        "name": register.name,
        "matrix": matrix_to_doc(register.matrix),
        "categories": [to_doc(c) for c in register.categories()],
        "organisations": [to_doc(o) for o in sorted(register.directory, key=lambda o: o.code)
                          if builtin.get(o.code) != o],
        "items": [[x.key, item_digest(to_doc(x))] for x in risks]
        + [[x.key, item_digest(to_doc(x))] for x in decisions],
        "links": [to_doc(x) for x in register.links() if x.source in keys and x.target in keys],
    }
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


__all__ = [
    "REDACTED",
    "Redactor",
    "redactor",
    "shared_content_hash",
    "shared_doc",
    "shared_graph",
    "shared_items",
]
