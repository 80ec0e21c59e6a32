"""Migration 7 of the server schema: an assessment reaches the items the assessor cannot read.

When a decision's validity changes, :meth:`riskreg.register.Register.assess` flags what the
dependency graph reaches, and lapses the acceptances the decision mitigated. On a server the
library sees only what its login may read: a bedömare reads every decision and every shared
item, not the central team's internal risks, so their assessment left those unflagged (and
accepted) while the same assessment by a redaktör, or on a file, flagged them.

This trigger finishes the assessment inside the same commit, as the schema's owner: it walks
the links from the decision as :meth:`riskreg.graph.DependencyGraph.affected` does (along
``_SPREADS_TO_SOURCE``) and, for each reached item the assessor may *not* read, and each they
read but reached only through items they do not (their library saw no path to it), does what
the library does for the items it reached: adds the review reason (one ``flag`` history row)
and, for a risk the decision mitigates directly whose acceptance it ended, clears the
acceptance with its reason (one ``lapse`` row). The rows count as the assessor's (their
commit, their login); the assessor still reads none of them. A redaktör reads everything, so
the library has already done it all; the trigger does nothing for them.

Left to the library: a flag that stays on the decision's side (a pending submission flagged
by a decision that is not shared with everyone; ``Decision.raised``) is not set here.
"""

from __future__ import annotations

from riskreg.server import access_sql, integrity_sql
from riskreg.server.sql_text import amended, function

#: for each relation, whether a change spreads from the link's target to its source
#: (riskreg.graph._SPREADS_TO_SOURCE; a test keeps the two the same)
SPREADS_TO_SOURCE = {
    "mitigated_by": True,
    "caused_by": True,
    "depends_on": True,
    "supersedes": False,
    "aggravates": False,
}

_SPREAD = ", ".join(f"('{relation}', {str(to_source).lower()})"
                    for relation, to_source in SPREADS_TO_SOURCE.items())

_REGISTERS_GUARD = amended(function(integrity_sql.V5, "registers_guard"), (
    """    IF r IS NULL THEN
        RETURN NEW;
    END IF;
""",
    """    IF r IS NULL THEN
        RETURN NEW;
    END IF;
    IF current_user = 'riskreg_owner' AND NEW.revision = OLD.revision
            AND NEW.changes > OLD.changes
            AND (NEW.name, NEW.title, NEW.created, NEW.matrix, NEW.made_in)
                IS NOT DISTINCT FROM (OLD.name, OLD.title, OLD.created, OLD.matrix, OLD.made_in)
            THEN
        RETURN NEW;  -- rows the schema's own functions add to the commit under way
    END IF;
"""))

V7 = f"""
-- a person's commit may add the history rows this schema writes for it (spread_unread)
{_REGISTERS_GUARD}

-- ``reasons`` without any of ``reason``'s kind and trigger, then ``reason``
CREATE FUNCTION riskreg.with_reason(reasons jsonb, reason jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT coalesce(jsonb_agg(r ORDER BY n), '[]'::jsonb) || jsonb_build_array(reason)
    FROM jsonb_array_elements(coalesce(reasons, '[]'::jsonb)) WITH ORDINALITY AS t(r, n)
    WHERE (r->>'kind', r->>'trigger') IS DISTINCT FROM (reason->>'kind', reason->>'trigger')
$$;

CREATE FUNCTION riskreg.spread_unread() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$
DECLARE
    r text := riskreg.my_role(NEW.register);
    old_v text := OLD.doc->>'validity';
    new_v text := NEW.doc->>'validity';
    on_day text := coalesce(NEW.doc->>'updated', current_date::text);
    to_everyone boolean := coalesce(NEW.doc->>'visibility', 'shared') = 'shared'
                           AND coalesce(NEW.doc->'scope'->>'kind', 'all') = 'all';
    detail text := old_v || ' -> ' || new_v;
    reason jsonb;
    lapse jsonb;
    item record;
    before jsonb;
    after jsonb;
    rows jsonb := '[]'::jsonb;
    seq bigint;
    rev bigint;
    row jsonb;
BEGIN
    IF r IS NULL OR r = 'redaktor' THEN
        RETURN NULL;  -- the library read, and flagged, everything
    END IF;
    reason := jsonb_build_object('kind', 'validity_changed', 'trigger', NEW.key,
                                 'detail', detail, 'on', on_day);
    lapse := jsonb_build_object('kind', 'acceptance_lapsed', 'trigger', NEW.key,
                                'detail', 'validity ' || detail, 'on', on_day);
    FOR item IN
        -- each reached item: whether the assessor reads it, and whether their library
        -- reached it too (``seen``: along a path of items they read)
        WITH RECURSIVE spread(relation, to_source) AS (VALUES {_SPREAD}),
        reach(key, readable, seen) AS (
            SELECT NEW.key, true, true
            UNION
            SELECT n.key, riskreg.can_read(NEW.register, n.kind, n.doc),
                   reach.seen AND riskreg.can_read(NEW.register, n.kind, n.doc)
            FROM reach JOIN riskreg.links l ON l.register = NEW.register
            JOIN spread s ON s.relation = l.relation
            JOIN riskreg.items n ON n.register = NEW.register
                 AND n.key = CASE WHEN s.to_source THEN l.source ELSE l.target END
            WHERE (s.to_source AND l.target = reach.key)
               OR (NOT s.to_source AND l.source = reach.key)
        )
        SELECT i.key, i.kind, i.doc FROM (
            SELECT key, bool_and(readable) AS readable, bool_or(seen) AS seen
            FROM reach GROUP BY key) r
        JOIN riskreg.items i ON i.register = NEW.register AND i.key = r.key
        WHERE r.key <> NEW.key AND NOT (r.readable AND r.seen)
          AND (to_everyone OR coalesce(i.doc->>'visibility', 'shared') = 'internal')
        ORDER BY i.key
    LOOP
        before := item.doc;
        after := jsonb_set(before, '{{review_reasons}}',
                           riskreg.with_reason(before->'review_reasons', reason))
                 || jsonb_build_object('revision', coalesce((before->>'revision')::bigint, 0) + 1);
        rows := rows || jsonb_build_array(jsonb_build_object(
            'action', 'flag', 'key', item.key, 'why', NEW.key || ': ' || detail,
            'before', before, 'after', after));
        IF item.kind = 'risk' AND old_v = 'applies' AND new_v <> 'applies'
                AND jsonb_typeof(after->'acceptance') = 'object'
                AND EXISTS (SELECT 1 FROM riskreg.links l WHERE l.register = NEW.register
                            AND l.source = item.key AND l.relation = 'mitigated_by'
                            AND l.target = NEW.key) THEN
            before := after;
            after := jsonb_set(before - 'acceptance', '{{review_reasons}}',
                               riskreg.with_reason(before->'review_reasons', lapse))
                     || jsonb_build_object('revision', (before->>'revision')::bigint + 1);
            rows := rows || jsonb_build_array(jsonb_build_object(
                'action', 'lapse', 'key', item.key,
                'why', 'acceptance_lapsed: validity ' || detail,
                'before', before, 'after', after));
        END IF;
        SELECT revision INTO rev FROM riskreg.registers WHERE id = NEW.register;
        UPDATE riskreg.items SET doc = after, revision = (after->>'revision')::bigint,
            changed_in = rev
        WHERE register = NEW.register AND key = item.key;
    END LOOP;
    IF jsonb_array_length(rows) = 0 THEN
        RETURN NULL;
    END IF;
    UPDATE riskreg.registers SET changes = changes + jsonb_array_length(rows)
    WHERE id = NEW.register RETURNING revision, changes INTO rev, seq;
    seq := seq - jsonb_array_length(rows);
    FOR row IN SELECT value FROM jsonb_array_elements(rows) LOOP
        seq := seq + 1;
        INSERT INTO riskreg.history (register, seq, revision, at, "user", action, key, why,
                                     before, after)
        VALUES (NEW.register, seq, rev, now(), '', row->>'action', row->>'key', row->>'why',
                row->'before', row->'after');
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER spread_unread AFTER UPDATE ON riskreg.items
    FOR EACH ROW WHEN (NEW.kind = 'decision'
                       AND OLD.doc->>'validity' IS DISTINCT FROM NEW.doc->>'validity')
    EXECUTE FUNCTION riskreg.spread_unread();
{access_sql.OWNERSHIP}"""

__all__ = ["SPREADS_TO_SOURCE", "V7"]
