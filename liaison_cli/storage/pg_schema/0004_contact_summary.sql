-- liaison's district schema, version 4: each family's contact summary, kept by the database.
--
-- The daily commands ask of every family with a cadence when it was last reached, and `today`
-- and `unreachable` ask every family for its failed attempts since: read from the contact log,
-- that is a pass over every contact of the district (0.5 s at 20,000 families, 200,000
-- contacts). This table holds the answer per family, exactly what models.summarize_contacts
-- gives (and what PgContacts.summary computed before): the date of the first contact (a
-- report's "new families"), of the last contact and of the last reached one (a letter is never reached), the failed attempts since that (no-answer,
-- left-message, bounced, wrong-number) and how many contacts there are.
--
-- Statement triggers on `contacts` recompute the rows of the families a statement touched (any
-- insert, update or delete, a forget's cascade included), so the summary can never disagree
-- with the log it is made from. Two liaisons logging contacts for one family at once are
-- serialised on that family (an advisory lock taken before the recompute; a write session is
-- READ COMMITTED, so the second recompute sees the first's committed contact).
--
-- The recompute runs with its owner's rights (SECURITY DEFINER: it reads every contact of the
-- family, whoever logged it); liaisons may only read the table, and row-level security shows
-- them the rows of the families they may see, as for the contacts themselves.

CREATE TABLE contact_summary (
    family_id     bigint PRIMARY KEY REFERENCES families (id) ON DELETE CASCADE,
    first_contact text NOT NULL,
    last_contact  text NOT NULL,
    last_reached  text NOT NULL,            -- '' when never reached
    failed_streak integer NOT NULL,
    attempts      json NOT NULL,            -- the failed attempts since (every one; callers keep 10)
    contacts      integer NOT NULL
);
CREATE INDEX contact_summary_reached_idx ON contact_summary (last_reached);

CREATE FUNCTION liaison_summarise(fams bigint[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
    DECLARE
        f bigint;
        few bigint[] := ARRAY(SELECT DISTINCT x FROM unnest(fams) AS x WHERE x IS NOT NULL
                              ORDER BY x);
    BEGIN
        IF cardinality(few) = 0 THEN
            RETURN;
        END IF;
        -- Each lock in a statement of its own, before the recompute: the recompute's statements
        -- then see what the writer waited for committed. A few families: one lock each (in
        -- order), then the table's ROW EXCLUSIVE; many (a move-in, a backfill): the whole
        -- table at once, which also waits for every recompute under way (advisory locks are
        -- few: 64 per connection by default).
        IF cardinality(few) <= 32 THEN
            FOREACH f IN ARRAY few LOOP
                PERFORM pg_advisory_xact_lock(hashtext('liaison_contact_summary'),
                                             (f % 2147483647)::integer);
            END LOOP;
            LOCK TABLE contact_summary IN ROW EXCLUSIVE MODE;
        ELSE
            LOCK TABLE contact_summary IN SHARE ROW EXCLUSIVE MODE;
        END IF;
        fams := few;
        DELETE FROM contact_summary s WHERE s.family_id = ANY(fams)
            AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.family_id = s.family_id);
        INSERT INTO contact_summary AS s
        WITH c AS (
            SELECT family_id, id, x.date, coalesce(x.outcome, 'reached') AS outcome, x.kind,
                   row_number() OVER (PARTITION BY family_id
                                      ORDER BY x.date, coalesce(x.time, ''), id) AS rn,
                   (coalesce(x.outcome, 'reached') = 'reached' AND x.kind <> 'letter'
                    AND coalesce(x.letter::jsonb IN ('null', '{}', '""', '[]', 'false', '0'), true))
                       AS reached
            FROM contacts,
                 json_to_record(doc) AS x(date text, time text, outcome text, kind text, letter json)
            WHERE family_id = ANY(fams)
        ), r AS (
            SELECT c.*, max(rn) FILTER (WHERE reached) OVER (PARTITION BY family_id) AS last_rn,
                   count(*) OVER (PARTITION BY family_id) AS n
            FROM c
        )
        SELECT family_id,
               min(date),
               max(date) FILTER (WHERE rn = n),
               coalesce(max(date) FILTER (WHERE rn = last_rn), ''),
               count(*) FILTER (WHERE rn > coalesce(last_rn, 0) AND outcome IN
                                ('no-answer', 'left-message', 'bounced', 'wrong-number')),
               coalesce(json_agg(json_build_object('id', 'C' || id, 'date', date,
                                                   'kind', kind, 'outcome', outcome)
                                 ORDER BY rn)
                        FILTER (WHERE rn > coalesce(last_rn, 0) AND outcome IN
                                ('no-answer', 'left-message', 'bounced', 'wrong-number')),
                        '[]'),
               max(n)
        FROM r GROUP BY family_id
        ON CONFLICT (family_id) DO UPDATE SET
            first_contact = excluded.first_contact,
            last_contact = excluded.last_contact, last_reached = excluded.last_reached,
            failed_streak = excluded.failed_streak, attempts = excluded.attempts,
            contacts = excluded.contacts;
    END $$;

CREATE FUNCTION liaison_contacts_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM liaison_summarise(ARRAY(SELECT DISTINCT family_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM liaison_summarise(ARRAY(SELECT DISTINCT family_id FROM old_rows));
        ELSE
            PERFORM liaison_summarise(ARRAY(SELECT family_id FROM new_rows
                                            UNION SELECT family_id FROM old_rows));
        END IF;
        RETURN NULL;
    END $$;

CREATE TRIGGER contacts_summary_insert AFTER INSERT ON contacts
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION liaison_contacts_changed();
CREATE TRIGGER contacts_summary_update AFTER UPDATE ON contacts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION liaison_contacts_changed();
CREATE TRIGGER contacts_summary_delete AFTER DELETE ON contacts
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION liaison_contacts_changed();

-- The contacts already there.
SELECT liaison_summarise(ARRAY(SELECT DISTINCT family_id FROM contacts));

ALTER TABLE contact_summary ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_summary_of_visible ON contact_summary FOR SELECT
    USING (EXISTS (SELECT 1 FROM families f WHERE f.id = contact_summary.family_id));
GRANT SELECT ON contact_summary TO liaison_liaison, liaison_supervisor;
REVOKE ALL ON FUNCTION liaison_summarise(bigint[]) FROM PUBLIC;
