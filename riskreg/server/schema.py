"""The server store's schema in PostgreSQL, versioned, and the migrations between versions.

Everything lives in the schema ``riskreg`` of a database; one database holds any number
of registers (``riskreg.registers``, each named). Every table but ``schema_version`` has
a ``register`` column, so a register's rows are found, locked and removed together.

What holds however a row is written, by riskreg or by hand in psql:

- keys are unique per register, and a removed item's key is never given out again
  (``retired_keys``, filled by a trigger when an item is deleted; an insert of a
  retired key is refused);
- a link's ends exist (foreign keys), and ``depends_on`` / ``supersedes`` links close no
  cycle (a trigger that takes the register's lock, so two clients cannot each add half);
- the history is append-only (a trigger refuses updates and deletes, but for a whole
  register being removed).

:func:`upgrade` applies the migrations a database lacks, under a lock, in one transaction
each; riskreg never upgrades a schema unasked (``riskreg db upgrade``), it only creates
one in a database that has none when a register is first made there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from riskreg.server import (
    access_sql,
    delivery_sql,
    flags_sql,
    integrity_sql,
    logins_sql,
    shape_sql,
    spread_sql,
    undo_sql,
)

if TYPE_CHECKING:
    import psycopg

SCHEMA = "riskreg"
#: pg_advisory_xact_lock(LOCK_CLASS, register id): a register's writers, one at a time.
LOCK_CLASS = 0x5252_4547  # "RREG"
#: the lock that keeps two upgrades apart
UPGRADE_LOCK = (LOCK_CLASS, 0)

#: Tables of small documents (by key, in the order written).
DOCUMENT_TABLES = ("categories", "organisations", "editions", "snapshots", "retired_keys")

_DOCUMENTS = "\n".join(f"""
CREATE TABLE riskreg.{table} (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    key text NOT NULL,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    doc jsonb NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, key)
);
CREATE INDEX {table}_changed ON riskreg.{table} (register, changed_in);
""" for table in DOCUMENT_TABLES)

_CHANGE_TRIGGERS = "\n".join(
    f"CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE ON riskreg.{table} "
    "FOR EACH ROW EXECUTE FUNCTION riskreg.record_change();"
    for table in ("items", "links", *DOCUMENT_TABLES)
)

_V1 = f"""
CREATE SCHEMA IF NOT EXISTS riskreg;

CREATE TABLE riskreg.schema_version (version integer NOT NULL);
INSERT INTO riskreg.schema_version VALUES (1);

CREATE TABLE riskreg.registers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{{0,62}}$'),
    title text NOT NULL,
    created date NOT NULL,
    matrix jsonb NOT NULL,
    revision bigint NOT NULL DEFAULT 0,
    changes bigint NOT NULL DEFAULT 0,
    -- the transaction that made the register: the history it brings (a copied register's)
    -- keeps who made each change; every later history row is the login's (history_who)
    made_in xid8 NOT NULL DEFAULT pg_current_xact_id()
);

CREATE TABLE riskreg.items (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    key text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('risk', 'decision')),
    doc jsonb NOT NULL,
    revision integer NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, key)
);
CREATE INDEX items_area ON riskreg.items (register, kind, (doc->>'area'));
CREATE INDEX items_status ON riskreg.items (register, kind, (doc->>'status'));
CREATE INDEX items_validity ON riskreg.items (register, kind, (doc->>'validity'));
CREATE INDEX items_changed ON riskreg.items (register, changed_in);

CREATE TABLE riskreg.links (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    source text NOT NULL,
    relation text NOT NULL CHECK (relation IN
        ('mitigated_by', 'caused_by', 'depends_on', 'supersedes', 'aggravates')),
    target text NOT NULL,
    doc jsonb NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, source, relation, target),
    FOREIGN KEY (register, source) REFERENCES riskreg.items (register, key),
    FOREIGN KEY (register, target) REFERENCES riskreg.items (register, key)
);
CREATE INDEX links_target ON riskreg.links (register, target);
CREATE INDEX links_changed ON riskreg.links (register, changed_in);

{_DOCUMENTS}

-- Every row written or removed, by revision: what changes_since reads. A trigger writes it,
-- whoever changes a row. ``gate_before``/``gate_after`` hold only what decides who may see
-- the row (an item's visibility, scope and submitter; a link's ends), never its content.
CREATE TABLE riskreg.changes (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    revision bigint NOT NULL,
    tbl text NOT NULL,
    key text NOT NULL,
    gate_before jsonb,
    gate_after jsonb,
    PRIMARY KEY (register, revision, tbl, key)
);

CREATE FUNCTION riskreg.gate(tbl text, doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN doc IS NULL THEN NULL
        WHEN tbl IN ('risks', 'decisions') THEN jsonb_build_object(
            'visibility', doc->'visibility', 'scope', doc->'scope',
            'submitted_by', doc->'submitted_by')
        WHEN tbl = 'links' THEN jsonb_build_object('source', doc->'source', 'target', doc->'target')
        WHEN tbl = 'notes' THEN jsonb_build_object('organisation', doc->'organisation',
                                                   'key', doc->'key')
        ELSE '{{}}'::jsonb
    END
$$;

CREATE FUNCTION riskreg.record_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$
DECLARE
    v_reg bigint;
    v_rev bigint;
    v_tbl text;
    v_key text;
    old_doc jsonb;
    new_doc jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        v_reg := OLD.register; old_doc := OLD.doc;
    ELSE
        v_reg := NEW.register; new_doc := NEW.doc;
        IF TG_OP = 'UPDATE' THEN old_doc := OLD.doc; END IF;
    END IF;
    SELECT revision INTO v_rev FROM riskreg.registers WHERE id = v_reg;
    IF NOT FOUND THEN
        RETURN NULL;  -- the whole register is being removed
    END IF;
    IF TG_TABLE_NAME = 'items' THEN
        IF TG_OP = 'DELETE' THEN
            v_tbl := OLD.kind || 's'; v_key := OLD.key;
        ELSE
            v_tbl := NEW.kind || 's'; v_key := NEW.key;
        END IF;
    ELSIF TG_TABLE_NAME = 'links' THEN
        v_tbl := 'links';
        v_key := concat_ws('|', coalesce(new_doc, old_doc)->>'source',
                           coalesce(new_doc, old_doc)->>'relation',
                           coalesce(new_doc, old_doc)->>'target');
    ELSE
        v_tbl := CASE TG_TABLE_NAME WHEN 'retired_keys' THEN 'retired' ELSE TG_TABLE_NAME END;
        IF TG_OP = 'DELETE' THEN v_key := OLD.key; ELSE v_key := NEW.key; END IF;
    END IF;
    INSERT INTO riskreg.changes AS c (register, revision, tbl, key, gate_before, gate_after)
    VALUES (v_reg, v_rev, v_tbl, v_key, riskreg.gate(v_tbl, old_doc), riskreg.gate(v_tbl, new_doc))
    ON CONFLICT (register, revision, tbl, key)
    DO UPDATE SET gate_after = EXCLUDED.gate_after;
    RETURN NULL;
END $$;
CREATE TABLE riskreg.history (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    seq bigint NOT NULL,
    revision bigint NOT NULL,
    at timestamptz NOT NULL,
    "user" text NOT NULL,
    login text NOT NULL DEFAULT session_user,
    action text NOT NULL,
    key text NOT NULL,
    why text NOT NULL,
    before jsonb,
    after jsonb,
    PRIMARY KEY (register, seq)
);
CREATE INDEX history_key ON riskreg.history (register, key);

CREATE FUNCTION riskreg.history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND NOT EXISTS
            (SELECT 1 FROM riskreg.registers WHERE id = OLD.register) THEN
        RETURN OLD;  -- the whole register is being removed
    END IF;
    RAISE EXCEPTION 'the history of a register is append-only'
        USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:append_only';
END $$;
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON riskreg.history
    FOR EACH ROW EXECUTE FUNCTION riskreg.history_append_only();

CREATE FUNCTION riskreg.item_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rev bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM riskreg.retired_keys
                   WHERE register = NEW.register AND key = NEW.key) THEN
            RAISE EXCEPTION 'key % was used before, by an item since removed', NEW.key
                USING ERRCODE = 'unique_violation', HINT = 'riskreg:key_retired';
        END IF;
        RETURN NEW;
    END IF;
    SELECT revision INTO rev FROM riskreg.registers WHERE id = OLD.register;
    IF FOUND THEN  -- not when the whole register is removed
        INSERT INTO riskreg.retired_keys (register, key, doc, changed_in)
        VALUES (OLD.register, OLD.key,
                jsonb_build_object('key', OLD.key, 'on', to_char(current_date, 'YYYY-MM-DD')),
                rev)
        ON CONFLICT (register, key) DO NOTHING;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER item_keys_insert BEFORE INSERT ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.item_keys();
CREATE TRIGGER item_keys_delete AFTER DELETE ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.item_keys();

CREATE FUNCTION riskreg.links_acyclic() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    closes boolean;
BEGIN
    IF NEW.relation NOT IN ('depends_on', 'supersedes') THEN
        RETURN NEW;
    END IF;
    -- the register's writers, one at a time: what the others committed is seen below
    PERFORM pg_advisory_xact_lock({LOCK_CLASS}, NEW.register::integer);
    WITH RECURSIVE reach(key) AS (
        SELECT NEW.target
        UNION
        SELECT l.target FROM riskreg.links l JOIN reach r ON l.source = r.key
        WHERE l.register = NEW.register AND l.relation IN ('depends_on', 'supersedes')
    )
    SELECT EXISTS (SELECT 1 FROM reach WHERE key = NEW.source) INTO closes;
    IF closes THEN
        RAISE EXCEPTION 'the link % % % would close a cycle', NEW.source, NEW.relation, NEW.target
            USING ERRCODE = 'check_violation', HINT = 'riskreg:cycle';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER links_acyclic BEFORE INSERT OR UPDATE ON riskreg.links
    FOR EACH ROW EXECUTE FUNCTION riskreg.links_acyclic();
{_CHANGE_TRIGGERS}
"""

#: MIGRATIONS[n] takes a database from schema version n to n + 1 (0: no riskreg schema).
#: A new migration is appended; one that is out (in a database somewhere) is never changed.
MIGRATIONS: tuple[str, ...] = (
    _V1,
    access_sql.V2,  # people, roles, row-level security
    delivery_sql.V3,  # contacts and the delivery log
    undo_sql.V4,  # a person's own history, for undo
    integrity_sql.V5,  # revisions and history rows a person cannot falsify
    flags_sql.V6,  # a bedömare sets the flags of a decision that is not shared
    spread_sql.V7,  # an assessment flags what the assessor cannot read, too
    shape_sql.V8,  # what a person writes with psql, the library can read
    logins_sql.V9,  # a redaktör administers only the logins riskreg made
)
LATEST = len(MIGRATIONS)


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The riskreg schema version of the database (0 when it has none)."""
    row = conn.execute(
        "SELECT to_regclass('riskreg.schema_version') IS NOT NULL"
    ).fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT version FROM riskreg.schema_version").fetchone()
    return int(found[0]) if found else 0


def upgrade(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """Apply the migrations the database lacks, one transaction each; (from, to) versions.

    Two upgrades at once wait for each other. A database whose schema is newer than this
    riskreg knows is left alone (see :func:`schema_version`).
    """
    start = None
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", UPGRADE_LOCK)
            version = schema_version(conn)
            if start is None:
                start = version
            if version >= LATEST:
                return start, version
            conn.execute(MIGRATIONS[version].encode())
            if version > 0:
                conn.execute("UPDATE riskreg.schema_version SET version = %s", (version + 1,))


__all__ = ["DOCUMENT_TABLES", "LATEST", "LOCK_CLASS", "MIGRATIONS", "SCHEMA", "schema_version",
           "upgrade"]
