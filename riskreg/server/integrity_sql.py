"""Migration 5 of the server schema: a person cannot make the bookkeeping lie.

Row-level security and ``items_guard`` decide *what* a person may change; this migration
makes sure the counters and the history that every client relies on stay true whatever a
person sends with psql (found by an independent check of issue 10):

- an item's ``revision`` column is the revision its document records, and never goes back
  (a project lead who raised the column alone made every later save of that item a
  conflict, for everyone, for good: a client that reads again now saves);
- a register's ``revision`` moves one step per commit and its counters never back; a person
  who is not a redaktör changes nothing else of the register's row;
- a history row a person writes names an action riskreg knows, the register's current
  revision (the commit it is part of) and a place in the sequence the commit reserved (the
  sequence number is the history's key): no row made up afterwards, none a reader cannot
  show. What a person writes in their own commit stays theirs: the login is recorded.
"""

from __future__ import annotations

#: every action a history entry may name (riskreg.words.WORDS["history"]; tested)
HISTORY_ACTIONS = (
    "add", "update", "review", "remove", "assess", "flag", "link", "unlink", "submit",
    "withdraw", "take", "recognise", "action_status", "note", "propose_acceptance",
    "approve_acceptance", "reject_acceptance", "lapse", "export", "export_complete",
    "contact_add", "contact_update", "contact_remove", "delivery", "undo",
)

_ACTIONS = ", ".join(f"'{a}'" for a in HISTORY_ACTIONS)

V5 = f"""
CREATE FUNCTION riskreg.items_revision_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
BEGIN
    IF riskreg.my_role(NEW.register) IS NULL THEN
        RETURN NEW;  -- the owner or an administrator (a copy, an upgrade)
    END IF;
    IF NEW.revision IS DISTINCT FROM coalesce((NEW.doc->>'revision')::bigint, 0)
            OR NEW.revision < OLD.revision THEN
        RAISE EXCEPTION 'the revision of % is the one its document records', NEW.key
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER items_revision_guard BEFORE UPDATE ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.items_revision_guard();

CREATE FUNCTION riskreg.registers_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.id);
BEGIN
    IF r IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.revision <> OLD.revision + 1 OR NEW.changes < OLD.changes
            OR NEW.made_in <> OLD.made_in
            OR (r <> 'redaktor' AND (NEW.name, NEW.title, NEW.created, NEW.matrix)
                IS DISTINCT FROM (OLD.name, OLD.title, OLD.created, OLD.matrix)) THEN
        RAISE EXCEPTION 'a register moves one revision per commit'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER registers_guard BEFORE UPDATE ON riskreg.registers
    FOR EACH ROW EXECUTE FUNCTION riskreg.registers_guard();

CREATE FUNCTION riskreg.history_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$
DECLARE
    current_revision bigint;
    current_changes bigint;
BEGIN
    IF riskreg.my_role(NEW.register) IS NULL
            OR EXISTS (SELECT 1 FROM riskreg.registers
                       WHERE id = NEW.register AND made_in = pg_current_xact_id()) THEN
        RETURN NEW;  -- an administrator, or the history a register is made with
    END IF;
    SELECT revision, changes INTO current_revision, current_changes
    FROM riskreg.registers WHERE id = NEW.register;
    IF NEW.action NOT IN ({_ACTIONS})
            OR NEW.revision IS DISTINCT FROM current_revision
            OR NEW.seq < 1 OR NEW.seq > current_changes THEN
        RAISE EXCEPTION 'a history row belongs to the commit that made its change'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NEW;
END $$;
ALTER FUNCTION riskreg.history_guard() OWNER TO riskreg_owner;
CREATE TRIGGER history_guard BEFORE INSERT ON riskreg.history
    FOR EACH ROW EXECUTE FUNCTION riskreg.history_guard();
"""

__all__ = ["HISTORY_ACTIONS", "V5"]
