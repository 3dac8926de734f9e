-- 003: Orleans ADO.NET reminders for the invariant "Npgsql".
--
-- Written for this project from the provider's query contract (Microsoft.Orleans.Reminders.AdoNet 10.4.2).
-- Parameters: @ServiceId, @GrainId (the full grain id as text), @GrainHash (the grain's uniform hash as a
-- signed int), @ReminderName, @StartTime (UTC), @Period (milliseconds, int or bigint), @Version (the ETag),
-- @BeginHash and @EndHash (a ring range, also as signed ints). Result columns: GrainId, ReminderName,
-- StartTime, Period, Version.
--
-- Ring ranges: the provider picks ReadRangeRows1Key when BeginHash < EndHash in signed order (a plain range
-- (Begin, End]) and ReadRangeRows2Key otherwise (the range wraps: (Begin, max] + [min, End]).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey',
    $q$
    INSERT INTO orleans_reminder AS r
        (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = EXCLUDED.start_time,
            period_ms  = EXCLUDED.period_ms,
            grain_hash = EXCLUDED.grain_hash,
            version    = r.version % 2147483647 + 1
    RETURNING version AS "Version"
    $q$
),
(
    'ReadReminderRowKey',
    $q$
    SELECT grain_id      AS "GrainId",
           reminder_name AS "ReminderName",
           start_time    AS "StartTime",
           period_ms     AS "Period",
           version       AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
    $q$
),
(
    'ReadReminderRowsKey',
    $q$
    SELECT grain_id      AS "GrainId",
           reminder_name AS "ReminderName",
           start_time    AS "StartTime",
           period_ms     AS "Period",
           version       AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
    $q$
),
(
    'ReadRangeRows1Key',
    $q$
    SELECT grain_id      AS "GrainId",
           reminder_name AS "ReminderName",
           start_time    AS "StartTime",
           period_ms     AS "Period",
           version       AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_hash > @BeginHash
       AND grain_hash <= @EndHash
    $q$
),
(
    'ReadRangeRows2Key',
    $q$
    SELECT grain_id      AS "GrainId",
           reminder_name AS "ReminderName",
           start_time    AS "StartTime",
           period_ms     AS "Period",
           version       AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
    $q$
),
(
    -- Only the holder of the current ETag may remove a reminder; the provider reads one boolean.
    'DeleteReminderRowKey',
    $q$
    WITH removed AS (
        DELETE FROM orleans_reminder
         WHERE service_id = @ServiceId
           AND grain_id = @GrainId
           AND reminder_name = @ReminderName
           AND version = @Version
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM removed)
    $q$
),
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
