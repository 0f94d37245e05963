-- liaison's district schema, version 3: forget's redaction of the disclosure log.
--
-- The log is append-only: liaisons are granted no UPDATE or DELETE (0001, 0002), and 0002's
-- trigger and forced row-level security refuse them to the owner too.
-- `liaison forget` must still take a forgotten family's name out of the log's free text
-- (services/audit.py, redaction): each of an entry's `to`, `why` and `detail` is hashed through
-- a salted digest of its own, so replacing the text by {"redacted": digest} (and dropping its
-- salt) leaves the entry's hash, and so the chain, exactly as it was.
--
-- A liaison runs forget, so this function does the rewrite with its owner's rights (SECURITY
-- DEFINER), and it does nothing else: it changes one entry only when every field but `to`,
-- `why`, `detail` and their salts is unchanged, and each changed field went from a string to
-- {"redacted": sha256(salt || JSON text of the string)} with its salt removed, the digest
-- computed here. So no role can use it to edit, reorder or remove an entry, or to put
-- anything in place of a field but the digest the chain already holds; a redacted field stays
-- redacted. orjson and PostgreSQL's to_json write a string the same way (the same escapes),
-- which is what makes the digest computed here the one the entry's hash was made from.
--
-- The function lets its own UPDATE through 0002's guards by a transaction-local setting,
-- liaison.redacting, that it sets around that one statement: the trigger and an UPDATE policy
-- accept an update only while it is on. Setting it oneself gains a liaison nothing (she has no
-- UPDATE privilege on the table); the owner could, but the owner can drop the trigger anyway.

CREATE OR REPLACE FUNCTION liaison_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('liaison.redacting', true) = 'on' THEN
            RETURN NULL;  -- a statement trigger: the value is ignored
        END IF;
        RAISE EXCEPTION 'the disclosure log is append-only'
            USING ERRCODE = 'insufficient_privilege';
    END $$;

CREATE POLICY disclosures_redact ON disclosures FOR UPDATE
    USING (current_setting('liaison.redacting', true) = 'on')
    WITH CHECK (current_setting('liaison.redacting', true) = 'on');

CREATE FUNCTION liaison_redact_disclosure(p_seq bigint, p_entry json) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$
DECLARE
    old jsonb;
    new jsonb := p_entry::jsonb;
    old_salts jsonb;
    new_salts jsonb;
    k text;
    changed boolean := false;
BEGIN
    SELECT entry::jsonb INTO old FROM public.disclosures WHERE seq = p_seq FOR UPDATE;
    IF old IS NULL THEN
        RETURN false;
    END IF;
    IF jsonb_typeof(new) IS DISTINCT FROM 'object'
            OR (old - 'to' - 'why' - 'detail' - 'salt') <> (new - 'to' - 'why' - 'detail' - 'salt') THEN
        RAISE EXCEPTION 'a redaction may change only the to, why and detail of an entry'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    old_salts := coalesce(old->'salt', '{}');
    new_salts := coalesce(new->'salt', '{}');
    IF jsonb_typeof(old_salts) <> 'object' OR jsonb_typeof(new_salts) <> 'object'
            OR (old_salts - 'to' - 'why' - 'detail') <> (new_salts - 'to' - 'why' - 'detail') THEN
        RAISE EXCEPTION 'a redaction may only drop the salt of a field it redacts'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOREACH k IN ARRAY ARRAY['to', 'why', 'detail'] LOOP
        IF (new->k) IS NOT DISTINCT FROM (old->k) THEN
            IF (new_salts->k) IS DISTINCT FROM (old_salts->k) THEN
                RAISE EXCEPTION 'a redaction may only drop the salt of a field it redacts'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            CONTINUE;
        END IF;
        IF jsonb_typeof(old->k) IS DISTINCT FROM 'string'
                OR jsonb_typeof(old_salts->k) IS DISTINCT FROM 'string'
                OR old_salts->>k !~ '^[0-9a-f]{32}$'
                OR new_salts ? k
                OR jsonb_typeof(new->k) IS DISTINCT FROM 'object'
                OR (new->k) <> jsonb_build_object('redacted', encode(sha256(
                        decode(old_salts->>k, 'hex')
                        || convert_to(to_json(old->>k)::text, 'UTF8')), 'hex')) THEN
            RAISE EXCEPTION 'a redaction must replace the text by its digest'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        changed := true;
    END LOOP;
    IF NOT changed THEN
        RETURN false;
    END IF;
    PERFORM set_config('liaison.redacting', 'on', true);
    UPDATE public.disclosures SET entry = p_entry WHERE seq = p_seq;
    PERFORM set_config('liaison.redacting', 'off', true);
    RETURN true;
END $$;

GRANT EXECUTE ON FUNCTION liaison_redact_disclosure(bigint, json) TO PUBLIC;
