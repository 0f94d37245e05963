-- liaison's district schema, version 2: forget's redaction of the disclosure log.
--
-- The log is append-only for liaisons: no role but its owner may UPDATE or DELETE it (0001).
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
    UPDATE public.disclosures SET entry = p_entry WHERE seq = p_seq;
    RETURN true;
END $$;

GRANT EXECUTE ON FUNCTION liaison_redact_disclosure(bigint, json) TO PUBLIC;
