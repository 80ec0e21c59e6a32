"""Migration 2 of the server schema: people, roles and row-level security (issue 10).

Who may see and change what is enforced by PostgreSQL itself, so it holds whichever client
connects (the riskreg UI, a script, psql):

- the schema's objects belong to ``riskreg_owner`` (NOLOGIN, BYPASSRLS: it is who the
  SECURITY DEFINER functions below run as); people log in as their own login roles, members
  of ``riskreg_user``, which holds the table privileges; no person is ever the owner;
- every table has row-level security enabled and forced, with policies for each operation;
- what an UPDATE may change, field by field, for a role is checked by a trigger comparing the
  old and the new document (RLS alone sees rows, not fields);
- a person of a register is a row of ``riskreg.people`` (key: the login); their role and
  organisation decide, with the same scope rule as the municipalities' reports
  (:meth:`riskreg.model.Scope.concerns`), what they read;
- the history records who made a change from the authenticated login's person, never what
  the client claims (but for the history a register is made with: a copy keeps its authors).

Creating ``riskreg_owner`` with BYPASSRLS needs a superuser: ``riskreg db upgrade`` to this
version is run by one (as is ``initdb``'s ``postgres`` on the throwaway local server).
"""

from __future__ import annotations

from riskreg.organisations import REGION, municipalities

ROLES = ("redaktor", "bedomare", "projektledare", "lasare")
WRITERS = "('redaktor', 'bedomare', 'projektledare')"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _directory() -> str:
    rows = [
        f"({_q(o.code)}, {_q(o.name)}, {_q(o.association)}, {_q(o.care_area)}, false)"
        for o in municipalities()
    ]
    rows.append(f"({_q(REGION.code)}, {_q(REGION.name)}, '', '', true)")
    return ",\n    ".join(rows)


_DOC_TABLES = ("people", "notes")

V2 = f"""
-- the people of each register, their notes, what each last saw; the municipalities
CREATE TABLE riskreg.people (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    key text NOT NULL,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    doc jsonb NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, key)
);
CREATE TABLE riskreg.notes (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    key text NOT NULL,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    doc jsonb NOT NULL,
    changed_in bigint NOT NULL,
    PRIMARY KEY (register, key)
);
CREATE TRIGGER people_changes AFTER INSERT OR UPDATE OR DELETE ON riskreg.people
    FOR EACH ROW EXECUTE FUNCTION riskreg.record_change();
CREATE TRIGGER notes_changes AFTER INSERT OR UPDATE OR DELETE ON riskreg.notes
    FOR EACH ROW EXECUTE FUNCTION riskreg.record_change();
CREATE TABLE riskreg.seen (
    register bigint NOT NULL REFERENCES riskreg.registers ON DELETE CASCADE,
    login text NOT NULL DEFAULT session_user,
    revision bigint NOT NULL,
    PRIMARY KEY (register, login)
);
CREATE TABLE riskreg.directory (
    code text PRIMARY KEY,
    name text NOT NULL,
    association text NOT NULL,
    care_area text NOT NULL,
    is_region boolean NOT NULL
);
INSERT INTO riskreg.directory VALUES
    {_directory()};

-- the roles: the owner (who the definer functions run as) and the people's group
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'riskreg_owner') THEN
        CREATE ROLE riskreg_owner NOLOGIN BYPASSRLS CREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'riskreg_user') THEN
        CREATE ROLE riskreg_user NOLOGIN;
    END IF;
END $$;
GRANT riskreg_user TO riskreg_owner WITH ADMIN OPTION;

-- who is asking: the person of a register behind the login (SECURITY DEFINER: reads people
-- whatever the caller may read; search_path pinned)
CREATE FUNCTION riskreg.my_role(reg bigint) RETURNS text LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT doc->>'role' FROM riskreg.people WHERE register = reg AND key = session_user::text
$$;
CREATE FUNCTION riskreg.my_org(reg bigint) RETURNS text LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT doc->>'organisation' FROM riskreg.people
    WHERE register = reg AND key = session_user::text
$$;

-- the reports' scope rule (riskreg.model.Scope.concerns), for an organisation code
CREATE FUNCTION riskreg.concerns(reg bigint, scope jsonb, org text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    kind text := coalesce(scope->>'kind', 'all');
    names jsonb := coalesce(scope->'names', '[]'::jsonb);
    assoc text;
    area text;
    region boolean;
BEGIN
    IF kind = 'all' THEN
        RETURN true;
    END IF;
    IF org IS NULL THEN
        RETURN false;
    END IF;
    IF kind = 'municipalities' THEN
        RETURN names ? org;
    END IF;
    SELECT o.doc->>'association', o.doc->>'care_area', coalesce((o.doc->>'is_region')::boolean,
           false)
      INTO assoc, area, region
      FROM riskreg.organisations o WHERE o.register = reg AND o.key = org;
    IF NOT FOUND THEN
        SELECT d.association, d.care_area, d.is_region INTO assoc, area, region
          FROM riskreg.directory d WHERE d.code = org;
    END IF;
    RETURN CASE kind
        WHEN 'region' THEN coalesce(region, false)
        WHEN 'association' THEN coalesce(names ? assoc, false)
        WHEN 'care_area' THEN coalesce(names ? area, false)
        ELSE false
    END;
END $$;

-- may the asking person read an item like ``doc`` (a whole document, or a change's gate)?
CREATE FUNCTION riskreg.can_read(reg bigint, kind text, doc jsonb) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    r text;
    o text;
    vis text;
BEGIN
    IF doc IS NULL THEN
        RETURN false;
    END IF;
    SELECT p.doc->>'role', p.doc->>'organisation' INTO r, o
      FROM riskreg.people p WHERE p.register = reg AND p.key = session_user::text;
    IF r IS NULL THEN
        RETURN false;
    END IF;
    vis := coalesce(doc->>'visibility', 'shared');
    IF r = 'redaktor' THEN
        RETURN true;
    ELSIF r = 'bedomare' THEN
        RETURN vis = 'shared' OR (kind IN ('decision', 'decisions') AND vis = 'internal');
    END IF;
    IF vis = 'submitted' THEN
        RETURN doc->>'submitted_by' = o;
    END IF;
    RETURN vis = 'shared' AND riskreg.concerns(reg, doc->'scope', o);
END $$;

-- may the asking person read the history entry or change of ``key`` (what it is about)?
-- SECURITY INVOKER: the items' own policies decide through the subqueries.
CREATE FUNCTION riskreg.can_read_key(reg bigint, k text) RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    parts text[];
BEGIN
    IF k LIKE 'edition-%' THEN
        RETURN riskreg.my_role(reg) = 'redaktor';
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

-- the highest number given to a key with ``prefix`` (a projektledare cannot see every key)
CREATE FUNCTION riskreg.highest_key(reg bigint, prefix text) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT coalesce(max(substr(key, length(prefix) + 1)::integer), 0) FROM (
        SELECT key FROM riskreg.items WHERE register = reg AND key LIKE prefix || '%'
        UNION ALL
        SELECT key FROM riskreg.retired_keys WHERE register = reg AND key LIKE prefix || '%'
    ) k WHERE substr(key, length(prefix) + 1) ~ '^[0-9]+$'
$$;

-- what a role may change in an item, field by field
CREATE FUNCTION riskreg.items_guard() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.register);
    o text := riskreg.my_org(NEW.register);
    bookkeeping text[] := ARRAY['revision', 'updated'];
    i integer;
    a jsonb;
    b jsonb;
BEGIN
    IF r IS NULL OR r = 'redaktor' THEN
        RETURN NEW;  -- not a person of the register (the owner, an admin) or the central team
    END IF;
    IF r = 'bedomare' THEN
        IF NEW.kind = 'decision' AND (OLD.doc - bookkeeping - 'validity' - 'assessment'
                - 'review_by' - 'review_reasons')
                = (NEW.doc - bookkeeping - 'validity' - 'assessment' - 'review_by'
                   - 'review_reasons') THEN
            RETURN NEW;  -- an assessment, or marking it reviewed
        END IF;
        IF NEW.kind = 'risk' AND (OLD.doc - bookkeeping - 'review_reasons' - 'acceptance')
                = (NEW.doc - bookkeeping - 'review_reasons' - 'acceptance')
                AND (NEW.doc->'acceptance' IS NULL OR jsonb_typeof(NEW.doc->'acceptance') = 'null'
                     OR NEW.doc->'acceptance' = OLD.doc->'acceptance') THEN
            RETURN NEW;  -- flagged by an assessment; an acceptance lapsing with it
        END IF;
    ELSIF r = 'projektledare' THEN
        IF OLD.doc->>'visibility' = 'submitted' AND OLD.doc->>'submitted_by' = o THEN
            IF NEW.doc->>'visibility' = 'submitted' AND NEW.doc->>'submitted_by' = o THEN
                RETURN NEW;  -- the municipality's own pending submission
            END IF;
        ELSIF NEW.kind = 'risk'
                AND (OLD.doc - bookkeeping - 'reported_by' - 'actions')
                    = (NEW.doc - bookkeeping - 'reported_by' - 'actions')
                AND coalesce(NEW.doc->'reported_by', '[]') @> coalesce(OLD.doc->'reported_by', '[]')
                AND (coalesce(OLD.doc->'reported_by', '[]') || to_jsonb(o))
                    @> coalesce(NEW.doc->'reported_by', '[]')
                AND jsonb_array_length(coalesce(OLD.doc->'actions', '[]'))
                    = jsonb_array_length(coalesce(NEW.doc->'actions', '[]')) THEN
            -- recognition by the own municipality; progress on the own organisation's actions
            FOR i IN 0 .. jsonb_array_length(coalesce(OLD.doc->'actions', '[]')) - 1 LOOP
                a := OLD.doc->'actions'->i;
                b := NEW.doc->'actions'->i;
                IF (a - 'status') <> (b - 'status') THEN
                    RAISE EXCEPTION 'a project lead may change only the status of an action'
                        USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
                END IF;
                IF a->'status' IS DISTINCT FROM b->'status'
                        AND a->>'organisation' IS DISTINCT FROM o THEN
                    RAISE EXCEPTION 'the action belongs to another organisation'
                        USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
                END IF;
            END LOOP;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'a % may not make this change to %', coalesce(r, '?'), NEW.key
        USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
END $$;
CREATE TRIGGER items_guard BEFORE UPDATE ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.items_guard();

-- the history tells who, from the login; never what the client claims. Only the history a
-- register is made with (a copy from a file or another server, made by an administrator:
-- people may not insert registers) keeps who made each change, as it was recorded there.
CREATE FUNCTION riskreg.history_who() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$
BEGIN
    NEW.login := session_user;
    IF EXISTS (SELECT 1 FROM riskreg.registers
               WHERE id = NEW.register AND made_in = pg_current_xact_id()) THEN
        RETURN NEW;
    END IF;
    NEW."user" := coalesce(
        (SELECT doc->>'name' FROM riskreg.people
         WHERE register = NEW.register AND key = session_user::text),
        session_user::text);
    RETURN NEW;
END $$;
CREATE TRIGGER history_who BEFORE INSERT ON riskreg.history
    FOR EACH ROW EXECUTE FUNCTION riskreg.history_who();

-- people administration, by a redaktör of the register (or an administrator)
CREATE FUNCTION riskreg.put_person(reg_name text, person_login text, person jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    reg bigint;
    rev bigint;
BEGIN
    SELECT id, revision INTO reg, rev FROM riskreg.registers WHERE name = reg_name;
    IF reg IS NULL THEN
        RAISE EXCEPTION 'no register %', reg_name USING ERRCODE = 'no_data_found';
    END IF;
    IF riskreg.my_role(reg) IS DISTINCT FROM 'redaktor' AND NOT pg_has_role(session_user,
            'riskreg_owner', 'MEMBER') AND NOT (SELECT rolsuper FROM pg_roles
            WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'only a redaktör administers the people of a register'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = person_login) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', person_login);
    END IF;
    EXECUTE format('GRANT riskreg_user TO %I', person_login);
    INSERT INTO riskreg.people (register, key, doc, changed_in)
    VALUES (reg, person_login, person, rev)
    ON CONFLICT (register, key) DO UPDATE SET doc = EXCLUDED.doc, changed_in = EXCLUDED.changed_in;
END $$;
CREATE FUNCTION riskreg.drop_person(reg_name text, person_login text)
    RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    reg bigint;
BEGIN
    SELECT id INTO reg FROM riskreg.registers WHERE name = reg_name;
    IF riskreg.my_role(reg) IS DISTINCT FROM 'redaktor' AND NOT pg_has_role(session_user,
            'riskreg_owner', 'MEMBER') AND NOT (SELECT rolsuper FROM pg_roles
            WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'only a redaktör administers the people of a register'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    DELETE FROM riskreg.people WHERE register = reg AND key = person_login;
    RETURN FOUND;
END $$;
CREATE FUNCTION riskreg.set_password(person_login text, verifier text)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF person_login <> session_user AND NOT EXISTS (
            SELECT 1 FROM riskreg.people p WHERE p.key = person_login
            AND riskreg.my_role(p.register) = 'redaktor') AND NOT (SELECT rolsuper
            FROM pg_roles WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'only a redaktör sets another person''s password'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', person_login, verifier);
END $$;

-- privileges of the people's group (row-level security narrows every one of them)
GRANT USAGE ON SCHEMA riskreg TO riskreg_user;
GRANT SELECT ON ALL TABLES IN SCHEMA riskreg TO riskreg_user;
GRANT INSERT, UPDATE, DELETE ON riskreg.items, riskreg.links, riskreg.categories,
    riskreg.organisations, riskreg.editions, riskreg.snapshots, riskreg.retired_keys,
    riskreg.people, riskreg.notes, riskreg.seen TO riskreg_user;
GRANT INSERT ON riskreg.history TO riskreg_user;
GRANT UPDATE (revision, changes) ON riskreg.registers TO riskreg_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA riskreg TO riskreg_user;

-- the policies
CREATE POLICY person ON riskreg.schema_version FOR SELECT USING (true);
CREATE POLICY everyone ON riskreg.directory FOR SELECT USING (true);

CREATE POLICY person_reads ON riskreg.registers FOR SELECT
    USING (riskreg.my_role(id) IS NOT NULL);
CREATE POLICY writer_counts ON riskreg.registers FOR UPDATE
    USING (riskreg.my_role(id) IN {WRITERS}) WITH CHECK (riskreg.my_role(id) IN {WRITERS});

CREATE POLICY readable ON riskreg.items FOR SELECT
    USING (riskreg.can_read(register, kind, doc));
CREATE POLICY adds ON riskreg.items FOR INSERT WITH CHECK (
    riskreg.my_role(register) = 'redaktor'
    OR (riskreg.my_role(register) = 'projektledare' AND kind = 'risk'
        AND doc->>'visibility' = 'submitted'
        AND doc->>'submitted_by' = riskreg.my_org(register)));
CREATE POLICY changes ON riskreg.items FOR UPDATE
    USING (riskreg.can_read(register, kind, doc) AND riskreg.my_role(register) IN {WRITERS})
    WITH CHECK (riskreg.can_read(register, kind, doc));
CREATE POLICY removes ON riskreg.items FOR DELETE USING (
    riskreg.my_role(register) = 'redaktor'
    OR (riskreg.my_role(register) = 'projektledare' AND doc->>'visibility' = 'submitted'
        AND doc->>'submitted_by' = riskreg.my_org(register)));

CREATE POLICY both_ends ON riskreg.links FOR SELECT USING (
    EXISTS (SELECT 1 FROM riskreg.items i WHERE i.register = links.register
            AND i.key = links.source)
    AND EXISTS (SELECT 1 FROM riskreg.items i WHERE i.register = links.register
                AND i.key = links.target));
CREATE POLICY editor ON riskreg.links FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');

CREATE POLICY person_reads ON riskreg.categories FOR SELECT
    USING (riskreg.my_role(register) IS NOT NULL);
CREATE POLICY editor ON riskreg.categories FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');
CREATE POLICY person_reads ON riskreg.organisations FOR SELECT
    USING (riskreg.my_role(register) IS NOT NULL);
CREATE POLICY editor ON riskreg.organisations FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');
CREATE POLICY editor ON riskreg.editions FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');
CREATE POLICY editor ON riskreg.snapshots FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');
CREATE POLICY person_reads ON riskreg.retired_keys FOR SELECT
    USING (riskreg.my_role(register) IS NOT NULL);
CREATE POLICY writers ON riskreg.retired_keys FOR INSERT
    WITH CHECK (riskreg.my_role(register) IN ('redaktor', 'projektledare'));
CREATE POLICY writers_update ON riskreg.retired_keys FOR UPDATE
    USING (riskreg.my_role(register) IN ('redaktor', 'projektledare'))
    WITH CHECK (riskreg.my_role(register) IN ('redaktor', 'projektledare'));

CREATE POLICY self_or_editor ON riskreg.people FOR SELECT
    USING (key = session_user::text OR riskreg.my_role(register) = 'redaktor');
CREATE POLICY editor ON riskreg.people FOR ALL
    USING (riskreg.my_role(register) = 'redaktor')
    WITH CHECK (riskreg.my_role(register) = 'redaktor');

CREATE POLICY readers ON riskreg.notes FOR SELECT USING (
    riskreg.can_read_key(register, doc->>'key')
    AND (riskreg.my_role(register) IN ('redaktor', 'bedomare')
         OR doc->>'organisation' = riskreg.my_org(register)));
CREATE POLICY writers ON riskreg.notes FOR INSERT WITH CHECK (
    riskreg.can_read_key(register, doc->>'key')
    AND (riskreg.my_role(register) = 'redaktor'
         OR (riskreg.my_role(register) IN ('bedomare', 'projektledare')
             AND doc->>'organisation' = riskreg.my_org(register))));

CREATE POLICY own ON riskreg.seen FOR ALL
    USING (login = session_user::text) WITH CHECK (login = session_user::text);

CREATE POLICY readable ON riskreg.changes FOR SELECT USING (
    CASE
        WHEN tbl IN ('risks', 'decisions') THEN
            riskreg.can_read(register, tbl, gate_before)
            OR riskreg.can_read(register, tbl, gate_after)
        WHEN tbl = 'links' THEN riskreg.can_read_key(register, key)
        WHEN tbl IN ('editions', 'snapshots') THEN riskreg.my_role(register) = 'redaktor'
        WHEN tbl = 'people' THEN key = session_user::text
                                 OR riskreg.my_role(register) = 'redaktor'
        WHEN tbl = 'notes' THEN riskreg.my_role(register) IN ('redaktor', 'bedomare')
                                OR coalesce(gate_after, gate_before)->>'organisation'
                                   = riskreg.my_org(register)
        ELSE riskreg.my_role(register) IS NOT NULL
    END);

CREATE POLICY readable ON riskreg.history FOR SELECT
    USING (riskreg.can_read_key(register, key));
CREATE POLICY writers ON riskreg.history FOR INSERT
    WITH CHECK (riskreg.my_role(register) IN {WRITERS});

-- every table: row-level security on, forced, owned by riskreg_owner
DO $$
DECLARE
    t record;
    f record;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'riskreg' AND c.relkind = 'r' LOOP
        EXECUTE format('ALTER TABLE riskreg.%I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE riskreg.%I FORCE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE riskreg.%I OWNER TO riskreg_owner', t.relname);
    END LOOP;
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'riskreg' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO riskreg_owner', f.sig);
    END LOOP;
END $$;
ALTER SCHEMA riskreg OWNER TO riskreg_owner;
"""

#: the end of migration 2: every table under row-level security, forced, and every table and
#: function the schema owner's; a later migration that adds tables or functions ends with it
OWNERSHIP = V2[V2.index("-- every table: row-level security on, forced"):]

__all__ = ["OWNERSHIP", "ROLES", "V2"]
