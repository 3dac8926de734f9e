-- 001: Orleans ADO.NET clustering (membership, gateways, cleanup of defunct silos) for the invariant "Npgsql".
--
-- Written for this project from the provider's query contract (Microsoft.Orleans.Clustering.AdoNet 10.4.2):
-- Orleans reads every query text from the OrleansQuery table by key, binds @-named parameters
-- (DeploymentId = the cluster id, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
-- StartTime, IAmAliveTime, SuspectTimes, Version) and reads result columns by name (case-insensitively).
-- Timestamps arrive as UTC DateTimes (Npgsql binds them as timestamptz), so every time column is timestamptz.
--
-- The membership table is versioned as a whole: every change to a member row must move the cluster's version
-- row from the version the writer last read to the next one, atomically, or fail. The version row's lock
-- serialises concurrent writers.
--
-- Safe to re-run by hand (IF NOT EXISTS / OR REPLACE / ON CONFLICT); the silo applies it once through
-- SchemaMigrator and records it in schema_version.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster (Orleans calls the cluster id "DeploymentId" in its parameters).
CREATE TABLE IF NOT EXISTS orleans_cluster_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS orleans_cluster_member
(
    deployment_id   text        NOT NULL REFERENCES orleans_cluster_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_cluster_member_pk PRIMARY KEY (deployment_id, address, port, generation)
);

-- Adds a silo if the cluster is still at the version the caller read. A silo that is already present makes
-- the whole call a no-op (the version bump is rolled back with the failed block) and returns false.
CREATE OR REPLACE FUNCTION orleans_cluster_add_member(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $body$
BEGIN
    UPDATE orleans_cluster_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_cluster_member
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         NULL, p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN
        RETURN false;
END;
$body$;

-- Changes a silo's status, suspicions and heartbeat if the cluster is still at the version the caller read.
-- An unknown silo returns false and leaves the version where it was.
CREATE OR REPLACE FUNCTION orleans_cluster_update_member(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $body$
BEGIN
    UPDATE orleans_cluster_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_expected_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_cluster_member
       SET status = p_status,
           suspect_times = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such silo' USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
END;
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    $q$
    WITH created AS (
        INSERT INTO orleans_cluster_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING deployment_id
    )
    SELECT EXISTS (SELECT 1 FROM created)
    $q$
),
(
    'InsertMembershipKey',
    $q$
    SELECT orleans_cluster_add_member(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
    $q$
),
(
    'UpdateMembershipKey',
    $q$
    SELECT orleans_cluster_update_member(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)
    $q$
),
(
    -- Heartbeats do not move the table version: they are not membership changes.
    'UpdateIAmAlivetimeKey',
    $q$
    UPDATE orleans_cluster_member
       SET i_am_alive_time = @IAmAliveTime
     WHERE deployment_id = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation
    $q$
),
(
    -- The version row always comes back (the provider takes the table version from the first row); a row
    -- without member columns means "no such silo".
    'MembershipReadRowKey',
    $q$
    SELECT v.version          AS "Version",
           m.address          AS "Address",
           m.port             AS "Port",
           m.generation       AS "Generation",
           m.silo_name        AS "SiloName",
           m.host_name        AS "HostName",
           m.status           AS "Status",
           m.proxy_port       AS "ProxyPort",
           m.suspect_times    AS "SuspectTimes",
           m.start_time       AS "StartTime",
           m.i_am_alive_time  AS "IAmAliveTime"
      FROM orleans_cluster_version v
      LEFT JOIN orleans_cluster_member m
             ON m.deployment_id = v.deployment_id
            AND m.address = @Address
            AND m.port = @Port
            AND m.generation = @Generation
     WHERE v.deployment_id = @DeploymentId
    $q$
),
(
    'MembershipReadAllKey',
    $q$
    SELECT v.version          AS "Version",
           m.address          AS "Address",
           m.port             AS "Port",
           m.generation       AS "Generation",
           m.silo_name        AS "SiloName",
           m.host_name        AS "HostName",
           m.status           AS "Status",
           m.proxy_port       AS "ProxyPort",
           m.suspect_times    AS "SuspectTimes",
           m.start_time       AS "StartTime",
           m.i_am_alive_time  AS "IAmAliveTime"
      FROM orleans_cluster_version v
      LEFT JOIN orleans_cluster_member m ON m.deployment_id = v.deployment_id
     WHERE v.deployment_id = @DeploymentId
    $q$
),
(
    -- Removes the whole cluster: the member rows go with the version row (ON DELETE CASCADE).
    'DeleteMembershipTableEntriesKey',
    $q$
    DELETE FROM orleans_cluster_version
     WHERE deployment_id = @DeploymentId
    $q$
),
(
    -- Clients connect to active silos that listen as gateways.
    'GatewaysQueryKey',
    $q$
    SELECT address    AS "Address",
           proxy_port AS "ProxyPort",
           generation AS "Generation"
      FROM orleans_cluster_member
     WHERE deployment_id = @DeploymentId
       AND status = @Status
       AND proxy_port > 0
    $q$
),
(
    -- Defunct: not active (3 = SiloStatus.Active) and no heartbeat since the cut-off the provider passes.
    'CleanupDefunctSiloEntriesKey',
    $q$
    DELETE FROM orleans_cluster_member
     WHERE deployment_id = @DeploymentId
       AND i_am_alive_time < @IAmAliveTime
       AND status <> 3
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
