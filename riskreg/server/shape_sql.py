"""Migration 8 of the server schema: what a person writes with psql, the library can read.

Row-level security and ``items_guard`` decide which rows and fields a person may change; an
independent check of issue 10 showed that the *values* were not checked: a project lead with
psql could insert a submission whose title was a number, rename a joint risk's key column or
turn a decision into a risk, and from then on the register could not be opened by anyone.
This migration makes the server refuse, for every person who is not a redaktör (the central
team, who may do anything):

- a change of an item's ``key``, ``kind`` or ``register`` column, or a document whose ``key``
  is not its row's (for a redaktör too);
- an item or a note whose document the library would refuse: unknown fields, text that is
  not text or too long or holds control characters, dates that are not dates, ratings
  outside 1-10, values outside their vocabularies (:data:`FIELDS` lists what is checked; a
  test keeps it the same as the models);
- a note signed with another name than the person's own;
- a retired key that is no key (it made ``highest_key`` overflow for everyone).

And, for the rules that were the library's alone:

- a bedömare's change of a risk removes a review reason only in a commit that changes the
  decision that set it (an undo of their assessment), and clears an acceptance only when a
  decision that mitigates the risk does not apply;
- an approved acceptance is approved by the redaktör writing it, not its proposer;
- the history rows the server writes for an assessment (schema 7) are the server's
  (``login`` 'riskreg', the user the assessor's name): the assessor's undo neither lists nor
  refuses over items they cannot read.
"""

from __future__ import annotations

from riskreg.server import access_sql
from riskreg.server.sql_text import amended, function

#: the fields of each stored document (riskreg.model; a test keeps the two the same)
FIELDS = {
    "risk": ("key", "title", "area", "inherent", "residual", "description", "consequences",
             "actions", "owner", "status", "scope", "visibility", "reported_by", "created",
             "updated", "last_reviewed", "review_reasons", "revision", "submitted_by",
             "acceptance"),
    "decision": ("key", "decided_on", "title", "summary", "care_areas", "target_groups",
                 "validity", "assessment", "review_by", "scope", "visibility", "updated",
                 "review_reasons", "revision", "raised"),
    "action": ("text", "owner", "status", "due", "organisation"),
    "note": ("id", "key", "organisation", "by", "on", "text"),
}
#: the vocabularies (riskreg.model's enums; tested likewise)
VOCABULARIES = {
    "status": ("identified", "assessed", "treating", "accepted", "closed"),
    "visibility": ("shared", "internal", "submitted"),
    "validity": ("applies", "uncertain", "suspended", "unreviewed"),
    "action_status": ("proposed", "planned", "in_progress", "done"),
    "scope": ("all", "region", "association", "care_area", "municipalities"),
}


def _array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


_V = {name: _array(values) for name, values in VOCABULARIES.items()}

_HISTORY_WHO = amended(function(access_sql.V2, "history_who"), (
    "    NEW.login := session_user;\n",
    "    NEW.login := CASE WHEN pg_trigger_depth() > 1 THEN 'riskreg' ELSE session_user END;\n"))

V8 = f"""
-- a retired key a person writes is a key riskreg gives out (a risk's, a decision's, a
-- contact's): 'R-99999999999' made highest_key overflow, and no one could add a risk
CREATE FUNCTION riskreg.retired_shape() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
BEGIN
    IF riskreg.my_role(NEW.register) IS NOT NULL
            AND NEW.key !~ '^(R-[0-9]{{3,6}}|KL-[0-9]{{4}}-[0-9]{{2,4}}|C-[0-9]{{3,6}})$' THEN
        RAISE EXCEPTION '% is no key riskreg gives out', NEW.key
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER retired_shape BEFORE INSERT OR UPDATE ON riskreg.retired_keys
    FOR EACH ROW EXECUTE FUNCTION riskreg.retired_shape();

-- is ``v`` no text the library takes (a string, required non-blank, at most ``most`` long,
-- no control character)?
CREATE FUNCTION riskreg.bad_text(v jsonb, required boolean, most integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT v IS NULL OR jsonb_typeof(v) <> 'string'
        OR (required AND btrim(v #>> '{{}}') = '') OR length(v #>> '{{}}') > most
        OR (v #>> '{{}}') ~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]'
$$;
CREATE FUNCTION riskreg.bad_date(v jsonb, optional boolean) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NOT optional;
    END IF;
    IF jsonb_typeof(v) <> 'string' OR (v #>> '{{}}') !~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN
        RETURN true;
    END IF;
    PERFORM (v #>> '{{}}')::date;
    RETURN false;
EXCEPTION WHEN others THEN
    RETURN true;
END $$;
CREATE FUNCTION riskreg.bad_rating(v jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT v IS NULL OR jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) <> 2
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) e
                   WHERE jsonb_typeof(e) <> 'number' OR (e #>> '{{}}') !~ '^[0-9]+$'
                      OR (e #>> '{{}}')::numeric NOT BETWEEN 1 AND 10)
$$;
CREATE FUNCTION riskreg.bad_texts(v jsonb, most integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT v IS NOT NULL AND (jsonb_typeof(v) <> 'array'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) e
                   WHERE riskreg.bad_text(e, true, most)))
$$;
CREATE FUNCTION riskreg.bad_reasons(v jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT v IS NOT NULL AND (jsonb_typeof(v) <> 'array'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(v) e
                   WHERE jsonb_typeof(e) <> 'object'
                      OR riskreg.bad_text(e->'kind', true, 60)
                      OR (NOT e ? 'item' AND riskreg.bad_text(e->'trigger', true, 60))
                      OR (e ? 'item' AND riskreg.bad_text(e->'item', true, 60))
                      OR (e ? 'detail' AND riskreg.bad_text(e->'detail', false, 500))
                      OR riskreg.bad_date(e->'on', true)))
$$;
CREATE FUNCTION riskreg.bad_scope(v jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT v IS NOT NULL AND (jsonb_typeof(v) <> 'object'
        OR NOT coalesce(v->>'kind', 'all') = ANY({_V["scope"]})
        OR riskreg.bad_texts(v->'names', 20000))
$$;

-- what the library would refuse in a stored document (NULL: nothing)
CREATE FUNCTION riskreg.doc_problem(kind text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
DECLARE
    field text;
    a jsonb;
BEGIN
    IF jsonb_typeof(doc) <> 'object' THEN
        RETURN 'not a document';
    END IF;
    FOR field IN SELECT jsonb_object_keys(doc) LOOP
        IF NOT field = ANY(CASE kind WHEN 'risk' THEN {_array(FIELDS["risk"])}
                                     WHEN 'decision' THEN {_array(FIELDS["decision"])}
                                     ELSE {_array(FIELDS["note"])} END) THEN
            RETURN 'unknown field ' || field;
        END IF;
    END LOOP;
    IF kind = 'note' THEN
        IF riskreg.bad_text(doc->'id', true, 40)
                OR (doc->>'id') !~ ('^(N-[0-9]{{1,12}}-[0-9]{{1,6}}|[0-9a-f]{{8}}-[0-9a-f]{{4}}'
                                    || '-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}})$') THEN
            RETURN 'id';
        ELSIF riskreg.bad_text(doc->'key', true, 60) THEN RETURN 'key';
        ELSIF doc ? 'organisation' AND riskreg.bad_text(doc->'organisation', false, 60) THEN
            RETURN 'organisation';
        ELSIF riskreg.bad_text(doc->'by', true, 200) THEN RETURN 'by';
        ELSIF riskreg.bad_date(doc->'on', false) THEN RETURN 'on';
        ELSIF riskreg.bad_text(doc->'text', true, 5000) THEN RETURN 'text';
        END IF;
        RETURN NULL;
    END IF;
    IF coalesce(doc->>'key', '') !~ (CASE kind WHEN 'risk' THEN '^R-[0-9]{{3,6}}$'
                                            ELSE '^KL-[0-9]{{4}}-[0-9]{{2,4}}$' END) THEN
        RETURN 'key';
    ELSIF riskreg.bad_text(doc->'title', true, 300) THEN RETURN 'title';
    ELSIF riskreg.bad_scope(doc->'scope') THEN RETURN 'scope';
    ELSIF doc ? 'visibility' AND NOT coalesce(doc->>'visibility', '') = ANY({_V["visibility"]})
            THEN RETURN 'visibility';
    ELSIF riskreg.bad_date(doc->'updated', true) THEN RETURN 'updated';
    ELSIF riskreg.bad_reasons(doc->'review_reasons') THEN RETURN 'review_reasons';
    ELSIF doc ? 'revision' AND (jsonb_typeof(doc->'revision') <> 'number'
                                OR (doc->>'revision') !~ '^[0-9]+$') THEN RETURN 'revision';
    END IF;
    IF kind = 'decision' THEN
        IF riskreg.bad_date(doc->'decided_on', false) THEN RETURN 'decided_on';
        ELSIF doc ? 'summary' AND riskreg.bad_text(doc->'summary', false, 20000) THEN
            RETURN 'summary';
        ELSIF riskreg.bad_texts(doc->'care_areas', 20000) THEN RETURN 'care_areas';
        ELSIF riskreg.bad_texts(doc->'target_groups', 20000) THEN RETURN 'target_groups';
        ELSIF NOT coalesce(doc->>'validity', '') = ANY({_V["validity"]}) THEN RETURN 'validity';
        ELSIF doc->'assessment' IS NOT NULL AND jsonb_typeof(doc->'assessment') <> 'null'
                AND (jsonb_typeof(doc->'assessment') <> 'object'
                     OR riskreg.bad_text(doc->'assessment'->'by', true, 200)
                     OR riskreg.bad_date(doc->'assessment'->'on', false)
                     OR riskreg.bad_text(doc->'assessment'->'rationale', false, 20000)) THEN
            RETURN 'assessment';
        ELSIF riskreg.bad_date(doc->'review_by', true) THEN RETURN 'review_by';
        ELSIF riskreg.bad_reasons(doc->'raised') THEN RETURN 'raised';
        END IF;
        RETURN NULL;
    END IF;
    IF coalesce(doc->>'area', '') !~ '^[a-z0-9][a-z0-9-]{{0,39}}$' THEN RETURN 'area';
    ELSIF riskreg.bad_rating(doc->'inherent') THEN RETURN 'inherent';
    ELSIF doc->'residual' IS NOT NULL AND jsonb_typeof(doc->'residual') <> 'null'
            AND riskreg.bad_rating(doc->'residual') THEN RETURN 'residual';
    ELSIF doc ? 'description' AND riskreg.bad_text(doc->'description', false, 20000) THEN
        RETURN 'description';
    ELSIF riskreg.bad_texts(doc->'consequences', 20000) THEN RETURN 'consequences';
    ELSIF doc ? 'owner' AND riskreg.bad_text(doc->'owner', false, 200) THEN RETURN 'owner';
    ELSIF doc ? 'status' AND NOT coalesce(doc->>'status', '') = ANY({_V["status"]}) THEN
        RETURN 'status';
    ELSIF riskreg.bad_texts(doc->'reported_by', 60) THEN RETURN 'reported_by';
    ELSIF riskreg.bad_date(doc->'created', false) THEN RETURN 'created';
    ELSIF riskreg.bad_date(doc->'last_reviewed', true) THEN RETURN 'last_reviewed';
    ELSIF doc ? 'submitted_by' AND riskreg.bad_text(doc->'submitted_by', false, 60) THEN
        RETURN 'submitted_by';
    ELSIF doc ? 'acceptance' AND jsonb_typeof(doc->'acceptance') NOT IN ('object', 'null') THEN
        RETURN 'acceptance';
    ELSIF doc ? 'actions' AND jsonb_typeof(doc->'actions') <> 'array' THEN RETURN 'actions';
    END IF;
    FOR a IN SELECT e FROM jsonb_array_elements(coalesce(doc->'actions', '[]')) e LOOP
        IF jsonb_typeof(a) <> 'object' OR EXISTS (
                SELECT 1 FROM jsonb_object_keys(a) k
                WHERE NOT k = ANY({_array(FIELDS["action"])}))
                OR riskreg.bad_text(a->'text', true, 20000)
                OR (a ? 'owner' AND riskreg.bad_text(a->'owner', false, 200))
                OR (a ? 'status' AND NOT coalesce(a->>'status', '') = ANY({_V["action_status"]}))
                OR riskreg.bad_date(a->'due', true)
                OR (a ? 'organisation' AND riskreg.bad_text(a->'organisation', false, 60)) THEN
            RETURN 'actions';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

-- a person's item: the columns that name it stay, and the library can read its document
CREATE FUNCTION riskreg.items_shape() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.register);
    problem text;
BEGIN
    IF r IS NULL THEN
        RETURN NEW;  -- the owner or an administrator (a copy, an upgrade)
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.key, NEW.kind, NEW.register)
            IS DISTINCT FROM (OLD.key, OLD.kind, OLD.register) THEN
        RAISE EXCEPTION 'an item''s key, kind and register do not change'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    IF NEW.doc->>'key' IS DISTINCT FROM NEW.key THEN
        RAISE EXCEPTION 'the document of % names another key', NEW.key
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    IF r <> 'redaktor' THEN
        problem := riskreg.doc_problem(NEW.kind, NEW.doc);
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'the document of % cannot be read: %', NEW.key, problem
                USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER items_shape BEFORE INSERT OR UPDATE ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.items_shape();

CREATE FUNCTION riskreg.notes_shape() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.register);
    problem text;
BEGIN
    IF r IS NULL OR r = 'redaktor' THEN
        RETURN NEW;
    END IF;
    problem := riskreg.doc_problem('note', NEW.doc);
    IF problem IS NULL AND NEW.doc->>'id' IS DISTINCT FROM NEW.key THEN
        problem := 'id';
    END IF;
    IF problem IS NULL AND NEW.doc->>'by' IS DISTINCT FROM (
            SELECT doc->>'name' FROM riskreg.people
            WHERE register = NEW.register AND key = session_user::text) THEN
        problem := 'by (a note is signed with the name of the person who writes it)';
    END IF;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'the note % cannot be read: %', NEW.key, problem
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER notes_shape BEFORE INSERT OR UPDATE ON riskreg.notes
    FOR EACH ROW EXECUTE FUNCTION riskreg.notes_shape();

-- the library's rules for a bedömare's change of a risk, and for an approval
CREATE FUNCTION riskreg.items_rules() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.register);
    me jsonb;
    before jsonb := OLD.doc->'acceptance';
    after jsonb := NEW.doc->'acceptance';
BEGIN
    IF r IS NULL OR NEW.kind <> 'risk' THEN
        RETURN NEW;
    END IF;
    IF r = 'bedomare' THEN
        IF jsonb_typeof(before) = 'object' AND coalesce(jsonb_typeof(after), 'null') = 'null'
                AND NOT EXISTS (
                    SELECT 1 FROM riskreg.links l JOIN riskreg.items d
                         ON d.register = l.register AND d.key = l.target
                    WHERE l.register = NEW.register AND l.source = NEW.key
                      AND l.relation = 'mitigated_by' AND d.doc->>'validity' <> 'applies')
                THEN
            RAISE EXCEPTION 'an acceptance lapses when a decision mitigating it stops applying'
                USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
        END IF;
    END IF;
    IF jsonb_typeof(after) = 'object' AND coalesce(after->>'approved_by', '') <> ''
            AND (jsonb_typeof(before) IS DISTINCT FROM 'object'
                 OR before->'approved_by' IS DISTINCT FROM after->'approved_by'
                 OR before->'proposed_by' IS DISTINCT FROM after->'proposed_by') THEN
        SELECT doc INTO me FROM riskreg.people
        WHERE register = NEW.register AND key = session_user::text;
        IF after->>'proposed_by' IN (me->>'name', session_user::text)
                OR after->>'approved_by' NOT IN (me->>'name', session_user::text) THEN
            RAISE EXCEPTION 'an acceptance is approved by a redaktör who did not propose it'
                USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER items_rules BEFORE INSERT OR UPDATE ON riskreg.items
    FOR EACH ROW EXECUTE FUNCTION riskreg.items_rules();

-- a bedömare clears a risk's flag only in a commit that changes the decision that set it (an
-- undo of their assessment, or the next one); checked at commit, when all its rows are in
CREATE FUNCTION riskreg.items_unflag() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog AS $$
BEGIN
    IF riskreg.my_role(NEW.register) IS DISTINCT FROM 'bedomare' THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(OLD.doc->'review_reasons', '[]')) o
               WHERE NOT EXISTS (
                   SELECT 1 FROM jsonb_array_elements(coalesce(NEW.doc->'review_reasons', '[]')) n
                   WHERE n->>'kind' = o->>'kind'
                     AND n->>'trigger' IS NOT DISTINCT FROM o->>'trigger')
               AND NOT EXISTS (
                   SELECT 1 FROM riskreg.changes c JOIN riskreg.registers g ON g.id = c.register
                   WHERE c.register = NEW.register AND c.revision = g.revision
                     AND c.tbl = 'decisions' AND c.key = o->>'trigger')) THEN
        RAISE EXCEPTION 'a bedömare flags a risk; its flags are cleared by reviewing it'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER items_unflag AFTER UPDATE ON riskreg.items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind = 'risk')
    EXECUTE FUNCTION riskreg.items_unflag();

-- a history row is read by those who could read its item as the row found or left it: a
-- change made while an item was internal stays out of sight once it is shared
CREATE FUNCTION riskreg.row_was_readable(reg bigint, k text, before jsonb, after jsonb)
    RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT CASE
        WHEN k ~ '^(R|KL)-' AND (before IS NOT NULL OR after IS NOT NULL) THEN
            riskreg.can_read(reg, CASE WHEN k LIKE 'R-%' THEN 'risk' ELSE 'decision' END,
                             after)
            OR riskreg.can_read(reg, CASE WHEN k LIKE 'R-%' THEN 'risk' ELSE 'decision' END,
                                before)
        ELSE true
    END
$$;
DROP POLICY readable ON riskreg.history;
CREATE POLICY readable ON riskreg.history FOR SELECT
    USING (riskreg.can_read_key(register, key)
           AND riskreg.row_was_readable(register, key, before, after));

-- the rows spread_unread writes (inside a trigger) are the server's, not the assessor's own
{_HISTORY_WHO}
{access_sql.OWNERSHIP}"""

__all__ = ["FIELDS", "V8", "VOCABULARIES"]
