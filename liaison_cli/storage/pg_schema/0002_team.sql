-- liaison's district schema, version 2: the team, with access enforced by the database.
--
-- Each liaison connects as her own LOGIN role. Two group roles carry the table privileges:
--   liaison_liaison     reads and writes the families she may see (row-level security below)
--   liaison_supervisor  reads everything, writes nothing (SELECT only: any write is refused
--                       by the privilege system before a policy is even consulted)
-- Roles are cluster-wide, so the two groups are shared by every liaison database on one server;
-- what a member may see in THIS database is decided by this database's `team` table (a role
-- that is not in it sees no family but the ones assigned to it by name), so a liaison of
-- another district on the same server gains nothing here.
--
-- Who sees a family: a supervisor (team.supervisor); a liaison whose schools share a school
-- with the family's students (families.schools, generated from the students' school names);
-- the role the family is assigned to (families.assigned_to). Contacts, follow-ups, referrals
-- and outbox messages are visible and writable exactly when their family is (a policy that
-- reads `families`, itself under its own policy). The policies are written for PUBLIC: the
-- privileges say who may try, the policies which rows. The tables' owner (the district admin
-- who runs `db init`, `team add`, `assign`, `db import-home`) is not bound by them, except on
-- the disclosure log, where FORCE ROW LEVEL SECURITY and a trigger bind the owner too.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'liaison_liaison') THEN
        CREATE ROLE liaison_liaison NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- made at the same moment by another database's `db init`
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'liaison_supervisor') THEN
        CREATE ROLE liaison_supervisor NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

-- Who covers which schools. `schools` holds the district's school names (as students' schools
-- are stored: `liaison team add` resolves short codes against the district's settings).
CREATE TABLE team (
    role        text PRIMARY KEY,
    schools     text[] NOT NULL DEFAULT '{}',
    supervisor  boolean NOT NULL DEFAULT false,
    added_by    text NOT NULL DEFAULT current_user,
    added_at    timestamptz NOT NULL DEFAULT now(),
    -- A supervisor reads everything; schools would mean nothing for her.
    CONSTRAINT team_kind_check CHECK (NOT supervisor OR cardinality(schools) = 0)
);

-- The caller's schools and supervisor flag, read once per statement (STABLE; the planner
-- evaluates them as init plans, so the families' GIN index on `schools` can serve `&&`).
CREATE FUNCTION liaison_my_schools() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce((SELECT schools FROM team WHERE role = current_user), '{}') $$;

CREATE FUNCTION liaison_is_supervisor() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce((SELECT supervisor FROM team WHERE role = current_user), false) $$;

-- Inbox messages belong to the family they were matched to; unmatched ones to whoever fetched
-- them.
ALTER TABLE inbox ADD COLUMN family_id bigint
    GENERATED ALWAYS AS (liaison_family_number(doc->>'family_id')) STORED;

-- ---------------------------------------------------------------- families

ALTER TABLE families ENABLE ROW LEVEL SECURITY;

CREATE POLICY families_read ON families FOR SELECT
    USING (liaison_is_supervisor() OR assigned_to = current_user
           OR schools && liaison_my_schools());
-- A liaison may add a family outside her schools: it is then assigned to her (the default).
CREATE POLICY families_add ON families FOR INSERT
    WITH CHECK (created_by = current_user
                AND (assigned_to = current_user OR schools && liaison_my_schools()));
CREATE POLICY families_change ON families FOR UPDATE
    USING (assigned_to = current_user OR schools && liaison_my_schools())
    WITH CHECK (assigned_to = current_user OR schools && liaison_my_schools());
CREATE POLICY families_forget ON families FOR DELETE
    USING (assigned_to = current_user OR schools && liaison_my_schools());

-- ---------------------------------------------------------------- what belongs to a family

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY contacts_of_visible ON contacts FOR SELECT
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = contacts.family_id));
CREATE POLICY contacts_add ON contacts FOR INSERT
    WITH CHECK (created_by = current_user
                AND EXISTS (SELECT 1 FROM families f WHERE f.id = contacts.family_id));
CREATE POLICY contacts_change ON contacts FOR UPDATE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = contacts.family_id))
    WITH CHECK (EXISTS (SELECT 1 FROM families f WHERE f.id = contacts.family_id));
CREATE POLICY contacts_forget ON contacts FOR DELETE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = contacts.family_id));

ALTER TABLE followups ENABLE ROW LEVEL SECURITY;
CREATE POLICY followups_of_visible ON followups FOR SELECT
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = followups.family_id));
CREATE POLICY followups_add ON followups FOR INSERT
    WITH CHECK (created_by = current_user
                AND EXISTS (SELECT 1 FROM families f WHERE f.id = followups.family_id));
CREATE POLICY followups_change ON followups FOR UPDATE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = followups.family_id))
    WITH CHECK (EXISTS (SELECT 1 FROM families f WHERE f.id = followups.family_id));
CREATE POLICY followups_forget ON followups FOR DELETE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = followups.family_id));

ALTER TABLE referrals ENABLE ROW LEVEL SECURITY;
CREATE POLICY referrals_of_visible ON referrals FOR SELECT
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = referrals.family_id));
CREATE POLICY referrals_add ON referrals FOR INSERT
    WITH CHECK (created_by = current_user
                AND EXISTS (SELECT 1 FROM families f WHERE f.id = referrals.family_id));
CREATE POLICY referrals_change ON referrals FOR UPDATE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = referrals.family_id))
    WITH CHECK (EXISTS (SELECT 1 FROM families f WHERE f.id = referrals.family_id));
CREATE POLICY referrals_forget ON referrals FOR DELETE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = referrals.family_id));

ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY outbox_of_visible ON outbox FOR SELECT
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = outbox.family_id));
CREATE POLICY outbox_add ON outbox FOR INSERT
    WITH CHECK (created_by = current_user
                AND EXISTS (SELECT 1 FROM families f WHERE f.id = outbox.family_id));
CREATE POLICY outbox_change ON outbox FOR UPDATE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = outbox.family_id))
    WITH CHECK (EXISTS (SELECT 1 FROM families f WHERE f.id = outbox.family_id));
CREATE POLICY outbox_forget ON outbox FOR DELETE
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = outbox.family_id));

ALTER TABLE inbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY inbox_mine ON inbox FOR SELECT
    USING (liaison_is_supervisor()
           OR (family_id IS NULL AND created_by = current_user)
           OR EXISTS (SELECT 1 FROM families f WHERE f.id = inbox.family_id));
CREATE POLICY inbox_add ON inbox FOR INSERT
    WITH CHECK (created_by = current_user
                AND (family_id IS NULL
                     OR EXISTS (SELECT 1 FROM families f WHERE f.id = inbox.family_id)));
CREATE POLICY inbox_change ON inbox FOR UPDATE
    USING ((family_id IS NULL AND created_by = current_user)
           OR EXISTS (SELECT 1 FROM families f WHERE f.id = inbox.family_id))
    WITH CHECK ((family_id IS NULL AND created_by = current_user)
                OR EXISTS (SELECT 1 FROM families f WHERE f.id = inbox.family_id));
CREATE POLICY inbox_forget ON inbox FOR DELETE
    USING ((family_id IS NULL AND created_by = current_user)
           OR EXISTS (SELECT 1 FROM families f WHERE f.id = inbox.family_id));

-- Events (with their invitation and attendance lists of family ids) and the services directory
-- are the team's shared records: no row-level security, the privileges below.

-- ---------------------------------------------------------------- the disclosure log
-- Append-only for everyone, the owner included: FORCE binds the owner to the policies, and
-- there is no UPDATE or DELETE policy (so no row qualifies); the trigger also refuses
-- TRUNCATE, which policies do not cover. Every member reads the whole log: each entry's `prev`
-- is the hash of the entry before it, so appending needs the head and `audit verify` needs
-- every entry; entries name records by id (F7, C12), never a family's name or address.
-- An entry's `created_by` must be the role inserting it.

ALTER TABLE disclosures ENABLE ROW LEVEL SECURITY;
ALTER TABLE disclosures FORCE ROW LEVEL SECURITY;
CREATE POLICY disclosures_read ON disclosures FOR SELECT USING (true);
CREATE POLICY disclosures_append ON disclosures FOR INSERT
    WITH CHECK (created_by = current_user);

CREATE FUNCTION liaison_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN
        RAISE EXCEPTION 'the disclosure log is append-only'
            USING ERRCODE = 'insufficient_privilege';
    END $$;
CREATE TRIGGER disclosures_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON disclosures
    FOR EACH STATEMENT EXECUTE FUNCTION liaison_append_only();

-- ---------------------------------------------------------------- id allocation
-- Counters start at each table's highest id now (the owner sees every row), so a liaison, who
-- sees only some rows, never has to guess the start.
INSERT INTO id_counters (kind, next)
SELECT kind, n + 1 FROM (
    SELECT 'families' AS kind, coalesce(max(id), 0) AS n FROM families
    UNION ALL SELECT 'contacts', coalesce(max(id), 0) FROM contacts
    UNION ALL SELECT 'followups', coalesce(max(id), 0) FROM followups
    UNION ALL SELECT 'referrals', coalesce(max(id), 0) FROM referrals
    UNION ALL SELECT 'events', coalesce(max(id), 0) FROM events
    UNION ALL SELECT 'services', coalesce(max(id), 0) FROM services
    UNION ALL SELECT 'outbox', coalesce(max(id), 0) FROM outbox
    UNION ALL SELECT 'inbox', coalesce(max(id), 0) FROM inbox) AS m
ON CONFLICT (kind) DO UPDATE SET next = greatest(id_counters.next, excluded.next);

-- ---------------------------------------------------------------- privileges
-- Column-level UPDATE grants: nobody but the owner rewrites who made a row or (on families)
-- who it is assigned to; handover is the admin's (`liaison assign`).

GRANT USAGE ON SCHEMA public TO liaison_liaison, liaison_supervisor;
GRANT SELECT ON liaison_schema, settings, team, id_counters, families, contacts, followups,
    referrals, events, services, outbox, inbox, disclosures
    TO liaison_liaison, liaison_supervisor;

GRANT INSERT, DELETE ON families, contacts, followups, referrals, outbox, inbox
    TO liaison_liaison;
GRANT UPDATE (doc, roster, version) ON families TO liaison_liaison;
GRANT UPDATE (doc, version) ON contacts, followups, referrals, outbox, inbox, events, services
    TO liaison_liaison;
GRANT INSERT, DELETE ON events TO liaison_liaison;
GRANT INSERT ON services TO liaison_liaison;
GRANT INSERT, UPDATE ON id_counters TO liaison_liaison;
GRANT INSERT ON disclosures TO liaison_liaison;
