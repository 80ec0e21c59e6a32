"""Migration 9 of the server schema: a redaktör administers only the logins riskreg made.

Login roles belong to the whole PostgreSQL server, not to a database or a register. Before
this, ``put_person`` made any existing role a person (and a member of ``riskreg_user``), and
``set_password`` let a redaktör of *some* register change the password of any login that was
a person there, so a redaktör could take over any login on the server: another
application's, a person's of another register, ``riskreg_owner`` itself (issue 10).

Now riskreg records the login roles it makes, in this database (``riskreg.logins``, by the
role's oid, so a role dropped and made again by someone else is not the same login), and:

- ``put_person`` makes a new login as before; an existing role becomes a person only if
  it is a plain riskreg login (made by riskreg here, or already a member of
  ``riskreg_user``: a person of another riskreg database on the server), or the caller is an
  administrator (a superuser or a member of
  ``riskreg_owner``), or it is already a person of that register (a change of role or
  organisation: only the document changes). Never a role that cannot log in, one of
  riskreg's own (``riskreg_*``) or PostgreSQL's (``pg_*``), a superuser, a role with
  CREATEROLE, BYPASSRLS or REPLICATION, or a member of ``riskreg_owner``, not even for an
  administrator;
- ``set_password``: anyone sets their own; an administrator any login but those; a redaktör
  only a plain riskreg login (as above: no other application's role) (no attribute of an
  administrator, no role but ``riskreg_user``, owning and granted nothing anywhere on the
  server) and that is a person only of registers where the caller is a redaktör (so a
  redaktör of one register cannot reset the password of someone who is also in another);
- ``drop_person`` removes the person from the caller's register only (as before), and says
  so when the register does not exist.

The logins of people already in this database's registers that are plain logins count as
made by riskreg (the upgrade cannot tell them apart; a role with more is left to an
administrator). Refusals carry the hint ``riskreg:access`` like the others, and a detail
(``riskreg:reserved_login``, ``riskreg:foreign_login``, ``riskreg:password``) the library
turns into its one-line message.
"""

from __future__ import annotations

from riskreg.server import access_sql

V9 = r"""
-- the login roles riskreg made in this database (read and written by its functions only)
CREATE TABLE riskreg.logins (
    role oid PRIMARY KEY,
    login text NOT NULL,
    made_by text NOT NULL DEFAULT session_user,
    made_at timestamptz NOT NULL DEFAULT now()
);
CREATE POLICY schema_functions_only ON riskreg.logins USING (false) WITH CHECK (false);

-- is the caller an administrator of the database (a superuser, a member of riskreg_owner)?
CREATE FUNCTION riskreg.is_admin() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog AS $$
    SELECT pg_has_role(session_user, 'riskreg_owner', 'MEMBER')
        OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
$$;

-- a role riskreg never makes a person of nor sets the password of, whoever asks
CREATE FUNCTION riskreg.reserved_login(person_login text) RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog AS $$
    SELECT lower(person_login) LIKE 'riskreg\_%' OR lower(person_login) LIKE 'pg\_%'
        OR coalesce((SELECT NOT r.rolcanlogin OR r.rolsuper OR r.rolcreaterole
                            OR r.rolbypassrls OR r.rolreplication
                            OR pg_has_role(r.oid, 'riskreg_owner', 'MEMBER')
                     FROM pg_roles r WHERE r.rolname = person_login), false)
$$;

-- a login and nothing more: no attribute of an administrator, no role but riskreg_user,
-- nothing owned or granted to it in any database of the server
CREATE FUNCTION riskreg.plain_login(person oid) RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog AS $$
    SELECT EXISTS (
        SELECT 1 FROM pg_roles r
        WHERE r.oid = person AND NOT riskreg.reserved_login(r.rolname::text)
          AND NOT r.rolcreatedb
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
                          WHERE m.member = r.oid AND m.roleid <> 'riskreg_user'::regrole)
          AND NOT EXISTS (SELECT 1 FROM pg_shdepend d
                          WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid))
$$;

-- a riskreg login, still a plain one: made by riskreg in this database, or already a
-- member of riskreg_user (a person's login of another riskreg database on the server; a
-- role of another application is not, nor is one with more than a login)
CREATE FUNCTION riskreg.made_login(person_login text) RETURNS boolean LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r
                   WHERE r.rolname = person_login AND riskreg.plain_login(r.oid)
                     AND (EXISTS (SELECT 1 FROM riskreg.logins l WHERE l.role = r.oid)
                          OR EXISTS (SELECT 1 FROM pg_auth_members m
                                     WHERE m.member = r.oid
                                       AND m.roleid = 'riskreg_user'::regrole)))
$$;

-- the people already here: their plain logins count as riskreg's
INSERT INTO riskreg.logins (role, login, made_by)
SELECT DISTINCT r.oid, r.rolname::text, 'upgrade' FROM riskreg.people p
JOIN pg_roles r ON r.rolname = p.key
WHERE riskreg.plain_login(r.oid)
  AND EXISTS (SELECT 1 FROM pg_auth_members m
              WHERE m.member = r.oid AND m.roleid = 'riskreg_user'::regrole);

CREATE OR REPLACE FUNCTION riskreg.put_person(reg_name text, person_login text, person jsonb)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    reg bigint;
    rev bigint;
    admin boolean := riskreg.is_admin();
    existing oid;
BEGIN
    SELECT id, revision INTO reg, rev FROM riskreg.registers WHERE name = reg_name;
    IF reg IS NULL THEN
        RAISE EXCEPTION 'no register %', reg_name USING ERRCODE = 'no_data_found';
    END IF;
    IF riskreg.my_role(reg) IS DISTINCT FROM 'redaktor' AND NOT admin THEN
        RAISE EXCEPTION 'only a redaktör administers the people of a register'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    IF riskreg.reserved_login(person_login) THEN
        RAISE EXCEPTION 'riskreg makes no person of the role %', person_login
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access',
                  DETAIL = 'riskreg:reserved_login';
    END IF;
    SELECT oid INTO existing FROM pg_roles WHERE rolname = person_login;
    IF existing IS NULL THEN
        EXECUTE format('CREATE ROLE %I LOGIN', person_login);
        INSERT INTO riskreg.logins (role, login)
        SELECT oid, rolname::text FROM pg_roles WHERE rolname = person_login;
        EXECUTE format('GRANT riskreg_user TO %I', person_login);
    ELSIF admin OR riskreg.made_login(person_login) THEN
        EXECUTE format('GRANT riskreg_user TO %I', person_login);
    ELSIF NOT EXISTS (SELECT 1 FROM riskreg.people WHERE register = reg AND key = person_login)
            THEN
        RAISE EXCEPTION 'the login % exists and riskreg did not make it in this database',
                person_login
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access',
                  DETAIL = 'riskreg:foreign_login';
    END IF;  -- else a person of this register already: only their document changes
    INSERT INTO riskreg.people (register, key, doc, changed_in)
    VALUES (reg, person_login, person, rev)
    ON CONFLICT (register, key) DO UPDATE SET doc = EXCLUDED.doc, changed_in = EXCLUDED.changed_in;
END $$;

CREATE OR REPLACE FUNCTION riskreg.drop_person(reg_name text, person_login text)
    RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
    reg bigint;
BEGIN
    SELECT id INTO reg FROM riskreg.registers WHERE name = reg_name;
    IF reg IS NULL THEN
        RAISE EXCEPTION 'no register %', reg_name USING ERRCODE = 'no_data_found';
    END IF;
    IF riskreg.my_role(reg) IS DISTINCT FROM 'redaktor' AND NOT riskreg.is_admin() THEN
        RAISE EXCEPTION 'only a redaktör administers the people of a register'
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access';
    END IF;
    DELETE FROM riskreg.people WHERE register = reg AND key = person_login;
    RETURN FOUND;
END $$;

CREATE OR REPLACE FUNCTION riskreg.set_password(person_login text, verifier text)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF person_login = session_user::text THEN
        NULL;  -- one's own
    ELSIF riskreg.reserved_login(person_login) THEN
        RAISE EXCEPTION 'riskreg sets no password of the role %', person_login
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access',
                  DETAIL = 'riskreg:reserved_login';
    ELSIF NOT riskreg.is_admin() AND (
            NOT riskreg.made_login(person_login)
            OR NOT EXISTS (SELECT 1 FROM riskreg.people p WHERE p.key = person_login)
            OR EXISTS (SELECT 1 FROM riskreg.people p WHERE p.key = person_login
                       AND riskreg.my_role(p.register) IS DISTINCT FROM 'redaktor')) THEN
        RAISE EXCEPTION 'only % or an administrator sets this password', person_login
            USING ERRCODE = 'insufficient_privilege', HINT = 'riskreg:access',
                  DETAIL = 'riskreg:password';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', person_login, verifier);
END $$;

REVOKE ALL ON FUNCTION riskreg.made_login(text) FROM PUBLIC;
""" + access_sql.OWNERSHIP

__all__ = ["V9"]
