-- liaison's district schema, version 1.
--
-- Every record keeps its stored form (the dict the JSON backend keeps) in `doc`, as `json`
-- (not jsonb: the text is kept as written, keys in their order, so every output, `--json`
-- included, is the JSON backend's byte for byte); the columns
-- beside it are derived from `doc` by the database itself (generated columns), so they can never
-- disagree with it, and carry the constraints and indexes. `version` goes up by one on every
-- change: an update names the version it read, and one based on a stale read changes nothing
-- (the store then refuses it). `created_by` is the PostgreSQL role that made the row.
--
-- Applied by `liaison db init` in one transaction (storage/postgres.py, migrate()).

-- ISO dates only (YYYY-MM-DD): the text is checked for its shape, then cast. The cast of an ISO
-- date does not depend on DateStyle, so the function is declared immutable, which generated
-- columns require.
CREATE FUNCTION liaison_date(t text) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN t ~ '^\d{4}-\d{2}-\d{2}$' THEN t::date END $$;

-- "F7" -> 7; anything else -> NULL (and NOT NULL columns then refuse the row).
CREATE FUNCTION liaison_family_number(t text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT substring(t FROM '^F(\d{1,18})$')::bigint $$;

-- The schools of a family's students as typed (the team's row-level security follows them).
CREATE FUNCTION liaison_schools(doc json) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(DISTINCT s->>'school' ORDER BY s->>'school')
                              FILTER (WHERE coalesce(s->>'school', '') <> ''), '{}')
          FROM json_array_elements(CASE WHEN json_typeof(doc->'students') = 'array'
                                        THEN doc->'students' ELSE '[]' END) AS s $$;

-- Id counters: numbers are never reused, and a rolled-back command hands none out.
CREATE TABLE id_counters (
    kind text PRIMARY KEY,
    next bigint NOT NULL CHECK (next >= 1)
);

CREATE TABLE families (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    -- What the daily listings need (models.roster_row), written with every change of doc.
    roster      jsonb NOT NULL,
    name        text GENERATED ALWAYS AS (doc->>'name') STORED NOT NULL,
    status      text GENERATED ALWAYS AS (coalesce(doc->>'status', 'active')) STORED NOT NULL
                CONSTRAINT families_status_check CHECK (status IN ('active', 'closed')),
    schools     text[] GENERATED ALWAYS AS (liaison_schools(doc)) STORED NOT NULL,
    assigned_to text DEFAULT current_user,
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user,
    CONSTRAINT families_name_check CHECK (btrim(doc->>'name') <> ''),
    CONSTRAINT families_lists_check CHECK (json_typeof(doc->'guardians') = 'array'
                                           AND json_typeof(doc->'students') = 'array'
                                           AND json_typeof(doc->'tags') = 'array')
);
CREATE INDEX families_schools_idx ON families USING gin (schools);
CREATE INDEX families_assigned_idx ON families (assigned_to);

CREATE TABLE contacts (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    -- Forget erases a family with every record about it: its rows go with it.
    family_id   bigint GENERATED ALWAYS AS (liaison_family_number(doc->>'family_id')) STORED
                NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    date        date GENERATED ALWAYS AS (liaison_date(doc->>'date')) STORED NOT NULL,
    kind        text GENERATED ALWAYS AS (doc->>'kind') STORED NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user
);
CREATE INDEX contacts_family_idx ON contacts (family_id, date);

CREATE TABLE followups (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    family_id   bigint GENERATED ALWAYS AS (liaison_family_number(doc->>'family_id')) STORED
                NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    due         date GENERATED ALWAYS AS (liaison_date(doc->>'due')) STORED NOT NULL,
    status      text GENERATED ALWAYS AS (doc->>'status') STORED NOT NULL
                CONSTRAINT followups_status_check CHECK (status IN ('open', 'done', 'cancelled')),
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user,
    CONSTRAINT followups_action_check CHECK (json_typeof(doc->'action') = 'string')
);
-- The daily query: open follow-ups by due date; and a family's open ones.
CREATE INDEX followups_open_due_idx ON followups (due) WHERE status = 'open';
CREATE INDEX followups_family_idx ON followups (family_id, status);

CREATE TABLE referrals (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    family_id   bigint GENERATED ALWAYS AS (liaison_family_number(doc->>'family_id')) STORED
                NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    date        date GENERATED ALWAYS AS (liaison_date(doc->>'date')) STORED NOT NULL,
    status      text GENERATED ALWAYS AS (doc->>'status') STORED NOT NULL
                CONSTRAINT referrals_status_check CHECK (status IN (
                    'referred', 'accepted', 'in-progress', 'completed', 'declined', 'no-response')),
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user,
    CONSTRAINT referrals_service_check CHECK (json_typeof(doc->'service') = 'string')
);
CREATE INDEX referrals_family_idx ON referrals (family_id);

CREATE TABLE events (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    date        date GENERATED ALWAYS AS (liaison_date(doc->>'date')) STORED NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user,
    CONSTRAINT events_title_check CHECK (json_typeof(doc->'title') = 'string')
);
CREATE INDEX events_date_idx ON events (date);

CREATE TABLE services (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    name        text GENERATED ALWAYS AS (doc->>'name') STORED NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user
);

CREATE TABLE outbox (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    family_id   bigint GENERATED ALWAYS AS (liaison_family_number(doc->>'family_id')) STORED
                NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    status      text GENERATED ALWAYS AS (doc->>'status') STORED NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user
);
CREATE INDEX outbox_status_idx ON outbox (status);

CREATE TABLE inbox (
    id          bigint PRIMARY KEY CHECK (id >= 1),
    doc         json NOT NULL CHECK (json_typeof(doc) = 'object'),
    version     integer NOT NULL DEFAULT 1,
    created_by  text NOT NULL DEFAULT current_user
);

-- The disclosure log (every letter, export and referral that shared family data), hash-chained:
-- each entry's `prev` is the hash of the one before. Written in the same transaction as the
-- change it records. Append-only: no role but the owner may UPDATE or DELETE (see below).
CREATE TABLE disclosures (
    seq         bigint PRIMARY KEY CHECK (seq >= 1),
    entry       json NOT NULL CHECK (json_typeof(entry) = 'object'),
    hash        text NOT NULL,
    prev        text NOT NULL,
    created_by  text NOT NULL DEFAULT current_user,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- District-wide settings loaded by `liaison db init --config district.yaml`: schools, calendar,
-- cadence, … one row per section of config.yaml, as the parsed tree.
CREATE TABLE settings (
    key         text PRIMARY KEY,
    value       jsonb NOT NULL,
    updated_by  text NOT NULL DEFAULT current_user,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only for everyone but the owner (the admin who ran `db init`): liaisons' roles are
-- granted INSERT and SELECT on disclosures only (the team commands add the grants).
REVOKE ALL ON disclosures FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON disclosures FROM PUBLIC;
