-- 002: Orleans ADO.NET grain storage for the invariant "Npgsql" (grain snapshots; docs/design.md, principle 1: the event log is the truth).
--
-- Written for this project from the provider's query contract (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
-- Parameters the provider binds: @ServiceId, @GrainTypeString (the state name), @GrainTypeHash,
-- @GrainIdHash, @GrainIdN0, @GrainIdN1 (the numeric part of the key), @GrainIdExtensionString (string key or
-- key extension, may be NULL), @GrainStateVersion (the ETag, NULL for a state never written) and @PayloadBinary.
--
-- ETag semantics the provider checks:
--   read   -> PayloadBinary and Version of the row, or no row;
--   write  -> NewGrainStateVersion = the new version, or NULL when the stored version is not the caller's ETag
--             (another activation wrote first), which the provider turns into InconsistentStateException;
--   clear  -> keeps the row with a NULL payload and returns the new version (NULL/no row on conflict);
--   delete -> removes the row and returns a value other than the old version (no row on conflict).
-- Versions are int (the provider parses the ETag as int) and wrap from 2147483647 to 1.
--
-- Note: the key the provider passes has no grain type, only the state name: give each grain class's
-- [PersistentState] a name of its own, or two grain types with the same key would share a row.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now()
);

-- The hashes lead so that a lookup narrows at once; NULLS NOT DISTINCT makes a NULL extension part of the key.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
    NULLS NOT DISTINCT;

CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_service_id         text,
    p_grain_type         text,
    p_grain_type_hash    integer,
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_id_extension text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- First write of this state: succeeds only if nobody has stored it yet.
        INSERT INTO orleans_grain_state
            (service_id, grain_type, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
             grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_grain_type, p_grain_type_hash, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_extension, p_payload, 1)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN 1;
        END IF;
        RETURN NULL;
    END IF;

    UPDATE orleans_grain_state
       SET payload = p_payload,
           version = version % 2147483647 + 1,
           modified_at = now()
     WHERE grain_id_hash = p_grain_id_hash
       AND grain_type_hash = p_grain_type_hash
       AND service_id = p_service_id
       AND grain_type = p_grain_type
       AND grain_id_n0 = p_grain_id_n0
       AND grain_id_n1 = p_grain_id_n1
       AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
       AND version = p_expected_version
    RETURNING version INTO new_version;
    RETURN new_version;
END;
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    $q$
    SELECT payload AS "PayloadBinary",
           version AS "Version"
      FROM orleans_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    $q$
),
(
    'WriteToStorageKey',
    $q$
    SELECT orleans_grain_state_write(
        @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1,
        @GrainIdExtensionString, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"
    $q$
),
(
    'ClearStorageKey',
    $q$
    UPDATE orleans_grain_state
       SET payload = NULL,
           version = version % 2147483647 + 1,
           modified_at = now()
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version AS "Version"
    $q$
),
(
    -- Used instead of ClearStorageKey when a provider is configured with DeleteStateOnClear = true.
    'DeleteStorageKey',
    $q$
    DELETE FROM orleans_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version % 2147483647 + 1 AS "Version"
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
