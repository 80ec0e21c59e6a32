"""Migration 4 of the server schema: a person's own history, for undo.

Row-level security lets a login read the history of the items it may read now. Undo
(:mod:`riskreg.undo`) must know which changes are the person's own, also those whose item
it can no longer read (a risk it removed: no one reads a removed item's history), or it
would take back an older change instead of refusing. ``riskreg.own_history(register)``
gives the login's own entries, by the history's ``login`` column, with what each did
(revision, sequence number, the recorded user, action, key, why), never the documents.
"""

from __future__ import annotations

V4 = """
CREATE FUNCTION riskreg.own_history(reg bigint)
    RETURNS TABLE (revision bigint, seq bigint, "user" text, action text, key text, why text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT h.revision, h.seq, h."user", h.action, h.key, h.why FROM riskreg.history h
    WHERE h.register = reg AND h.login = session_user::text ORDER BY h.seq
$$;
ALTER FUNCTION riskreg.own_history(bigint) OWNER TO riskreg_owner;
REVOKE ALL ON FUNCTION riskreg.own_history(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION riskreg.own_history(bigint) TO riskreg_user;
"""

__all__ = ["V4"]
