"""Migration 6 of the server schema: flags a decision that is not shared sets stay with it.

When a decision that is not shared (internal) changes validity, the items it reaches are
flagged on the decision's own side (``Decision.raised``, see :class:`riskreg.model.RaisedFlag`),
not in their documents: a person who may not read the decision (row-level security on
``items``) then reads neither the flag nor its history row, which is the decision's
(issue 10). A bedömare assesses such decisions and marks the items they flagged reviewed, so
``items_guard`` lets a bedömare change a decision's ``raised`` as well.
"""

from __future__ import annotations

from riskreg.server.access_sql import V2

_START = "CREATE FUNCTION riskreg.items_guard()"
_END = "END $$;"
_ASSESSOR_FIELDS = "- 'review_by' - 'review_reasons')"


def _items_guard() -> str:
    """``items_guard`` as migration 2 made it, with ``raised`` among what a bedömare sets."""
    start = V2.index(_START)
    text = V2[start:V2.index(_END, start) + len(_END)]
    # the decision branch: OLD.doc - ... and NEW.doc - ... each end with the assessor fields
    replaced = text.replace(_ASSESSOR_FIELDS, "- 'review_by' - 'review_reasons' - 'raised')")
    replaced = replaced.replace("- 'review_by'\n                   - 'review_reasons')",
                                "- 'review_by'\n                   - 'review_reasons' - 'raised')")
    assert replaced.count("'raised'") == 2, "items_guard of migration 2 changed"
    return replaced.replace(_START, "CREATE OR REPLACE FUNCTION riskreg.items_guard()", 1)


V6 = _items_guard() + "\n"

__all__ = ["V6"]
