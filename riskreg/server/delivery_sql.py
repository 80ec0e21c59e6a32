"""Migration 3 of the server schema: the contacts the status goes to, and the delivery log.

Two document tables like the others (``contacts``, ``deliveries``), logged by the change
trigger, under forced row-level security and owned by ``riskreg_owner`` (as migration 2
made every table):

- a *redaktör* (the central team, who sends) reads and changes both;
- anyone else reads the contacts of their own organisation only (names and addresses are
  personal data), and nothing of the delivery log;
- their history and change-log entries follow the same rule: the change log gates a
  contact by its organisation (``riskreg.gate``), and ``riskreg.can_read_key`` knows
  contact keys (``C-…``) and delivery keys (``status|…``, ``notice|…``, ``digest|…``; before
  it, they read as links of unknown items, readable by no one).

The two functions and the change log's policy are restated here whole, with those
additions; the rest of each is as migration 2 left it.
"""

from __future__ import annotations

_TABLES = ("contacts", "deliveries")

V3 = "\n".join(f"""
CREATE TABLE riskreg.{table} (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    key text NOT NULL,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    doc jsonb NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, key)
);
CREATE INDEX {table}_changed ON riskreg.{table} (register, changed_in);
CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE ON riskreg.{table}
    FOR EACH ROW EXECUTE FUNCTION riskreg.record_change();
ALTER TABLE riskreg.{table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE riskreg.{table} FORCE ROW LEVEL SECURITY;
ALTER TABLE riskreg.{table} OWNER TO riskreg_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON riskreg.{table} TO riskreg_user;
CREATE POLICY editor ON riskreg.{table} FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');
""" for table in _TABLES) + """
GRANT USAGE ON ALL SEQUENCES IN SCHEMA riskreg TO riskreg_user;
CREATE POLICY own_organisation ON riskreg.contacts FOR SELECT
    USING (doc->>'organisation' = riskreg.my_org(register));

CREATE OR REPLACE FUNCTION riskreg.gate(tbl text, doc jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN doc IS NULL THEN NULL
        WHEN tbl IN ('risks', 'decisions') THEN jsonb_build_object(
            'visibility', doc->'visibility', 'scope', doc->'scope',
            'submitted_by', doc->'submitted_by')
        WHEN tbl = 'links' THEN jsonb_build_object('source', doc->'source', 'target', doc->'target')
        WHEN tbl IN ('notes', 'contacts') THEN jsonb_build_object(
            'organisation', doc->'organisation', 'key', doc->'key')
        ELSE '{}'::jsonb
    END
$$;

CREATE OR REPLACE FUNCTION riskreg.can_read_key(reg bigint, k text) RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    parts text[];
BEGIN
    IF k LIKE 'edition-%' OR k ~ '^(status|notice|digest)[|]' THEN
        RETURN riskreg.my_role(reg) = 'redaktor';
    ELSIF k LIKE 'C-%' THEN
        RETURN riskreg.my_role(reg) = 'redaktor'
            OR EXISTS (SELECT 1 FROM riskreg.contacts c WHERE c.register = reg AND c.key = k);
    ELSIF k LIKE 'N-%' THEN
        RETURN EXISTS (SELECT 1 FROM riskreg.notes n WHERE n.register = reg AND n.key = k);
    ELSIF position('|' IN k) > 0 THEN
        parts := string_to_array(k, '|');
        RETURN EXISTS (SELECT 1 FROM riskreg.items i WHERE i.register = reg AND i.key = parts[1])
           AND EXISTS (SELECT 1 FROM riskreg.items i WHERE i.register = reg AND i.key = parts[3]);
    ELSIF k LIKE 'R-%' OR k LIKE 'KL-%' THEN
        RETURN EXISTS (SELECT 1 FROM riskreg.items i WHERE i.register = reg AND i.key = k);
    END IF;
    RETURN riskreg.my_role(reg) IS NOT NULL;
END $$;

ALTER POLICY readable ON riskreg.changes USING (
    CASE
        WHEN tbl IN ('risks', 'decisions') THEN
            riskreg.can_read(register, tbl, gate_before)
            OR riskreg.can_read(register, tbl, gate_after)
        WHEN tbl = 'links' THEN riskreg.can_read_key(register, key)
        WHEN tbl IN ('editions', 'snapshots', 'deliveries') THEN
            riskreg.my_role(register) = 'redaktor'
        WHEN tbl = 'people' THEN key = session_user::text
                                 OR riskreg.my_role(register) = 'redaktor'
        WHEN tbl = 'notes' THEN riskreg.my_role(register) IN ('redaktor', 'bedomare')
                                OR coalesce(gate_after, gate_before)->>'organisation'
                                   = riskreg.my_org(register)
        WHEN tbl = 'contacts' THEN riskreg.my_role(register) = 'redaktor'
                                   OR coalesce(gate_after, gate_before)->>'organisation'
                                      = riskreg.my_org(register)
        ELSE riskreg.my_role(register) IS NOT NULL
    END);
"""

__all__ = ["V3"]
