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
from riskreg.server.sql_text import amended, function

#: ``items_guard`` as migration 2 made it, with ``raised`` among what a bedömare sets (the
#: decision branch: OLD.doc - ... and NEW.doc - ... each end with the assessor fields)
V6 = amended(
    function(V2, "items_guard"),
    ("- 'review_by' - 'review_reasons')", "- 'review_by' - 'review_reasons' - 'raised')"),
    ("- 'review_by'\n                   - 'review_reasons')",
     "- 'review_by'\n                   - 'review_reasons' - 'raised')"),
) + "\n"

__all__ = ["V6"]
