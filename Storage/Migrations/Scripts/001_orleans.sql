-- =============================================================================
-- Orleans 10.4.2 ADO.NET providers -- PostgreSQL schema (idempotent)
--
-- Covers exactly three packages, all version 10.4.2:
--   Microsoft.Orleans.Clustering.AdoNet   (membership table + gateway list)
--   Microsoft.Orleans.Persistence.AdoNet  (grain state)
--   Microsoft.Orleans.Reminders.AdoNet    (reminders)
-- Nothing for streaming or the grain directory.
--
-- Contract with the providers (taken from the 10.4.2 assemblies):
--   * At start-up each provider reads its SQL from OrleansQuery(QueryKey,
--     QueryText) and afterwards only ever runs those texts, through Npgsql,
--     with named @Parameters. Result columns are looked up by name
--     (case-insensitively), so the lower-cased names PostgreSQL gives
--     unquoted identifiers are fine.
--   * Table, column and routine names, routine parameter names and routine
--     result columns are the same as in the upstream dotnet/orleans
--     PostgreSQL scripts, so this file can also be applied over a database
--     that was created from those scripts (CREATE OR REPLACE keeps working).
--     Routine parameters are written with the plain types that upstream's
--     "Table.Column%TYPE" declarations resolve to, which gives the same
--     signatures without the %TYPE notices.
--
-- Re-running: every statement is CREATE ... IF NOT EXISTS, CREATE OR REPLACE,
-- or an upsert into OrleansQuery, so the file can be applied any number of
-- times and always ends in the same state. Existing data is never touched.
-- No BEGIN/COMMIT in here on purpose: the caller decides the transaction.
-- If two processes may run it at the same moment, run it inside one
-- transaction that first takes a transaction-level advisory lock, e.g.
--     BEGIN; SELECT pg_advisory_xact_lock(<some key>); \i this file; COMMIT;
-- (PostgreSQL catalog updates such as CREATE TABLE IF NOT EXISTS or
-- CREATE OR REPLACE FUNCTION are not safe against each other when they run
-- concurrently without such a lock.)
-- =============================================================================


-- -----------------------------------------------------------------------------
-- Query catalogue shared by all providers.
-- -----------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);


-- =============================================================================
-- CLUSTERING (membership)
-- =============================================================================

-- One row per cluster (DeploymentId = ClusterId). Version is the table-wide
-- optimistic-concurrency token ("etag") of the membership protocol.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
-- Status holds Orleans' SiloStatus as an int (3 = Active, 6 = Dead).
-- SuspectTimes is the provider's own "silo,date|silo,date" text.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Heartbeat. Only ever moves IAmAliveTime forward, so a late, out-of-order
-- heartbeat cannot make a silo look older than it is. Nothing is returned;
-- the provider does not look at the result.
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id   varchar,
    address_arg     varchar,
    port_arg        integer,
    generation_arg  integer,
    i_am_alive_time timestamptz)
RETURNS void
LANGUAGE plpgsql
AS $body$
BEGIN
    UPDATE OrleansMembershipTable AS mt
       SET IAmAliveTime = GREATEST(mt.IAmAliveTime, i_am_alive_time)
     WHERE mt.DeploymentId = deployment_id
       AND mt.Address      = address_arg
       AND mt.Port         = port_arg
       AND mt.Generation   = generation_arg;
END
$body$;

-- Creates the per-cluster version row if it is missing.
-- Returns a single row: 1 when this call created it, 0 when it already existed.
CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg varchar)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    affected integer := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (DeploymentIdArg)
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN QUERY SELECT affected;
END
$body$;

-- The optimistic-concurrency step both membership writes start with: bumps the
-- cluster's table version if it is still VersionArg (and would not overflow).
-- Called inside the writer's block, so the writer's rollback undoes it too.
CREATE OR REPLACE FUNCTION bump_membership_version(
    DeploymentIdArg varchar,
    VersionArg      integer)
RETURNS boolean
LANGUAGE plpgsql
AS $body$
DECLARE
    affected integer := 0;
BEGIN
    UPDATE OrleansMembershipVersionTable AS v
       SET Version = v.Version + 1,
           Timestamp = now()
     WHERE v.DeploymentId = DeploymentIdArg
       AND v.Version = VersionArg
       AND v.Version < 2147483647;
    GET DIAGNOSTICS affected = ROW_COUNT;
    RETURN affected > 0;
END
$body$;

-- Adds a silo row, conditional on the table version still being VersionArg.
-- All or nothing: the version is bumped first (which also serialises writers
-- of the same cluster on the version row); if the silo row then turns out to
-- exist already, a private error rolls the bump back. The rollback does not
-- rely on ASSERT, so it also works with plpgsql.check_asserts = off.
-- Returns a single row: 1 on success, 0 otherwise.
CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    SiloNameArg     varchar,
    HostNameArg     varchar,
    StatusArg       integer,
    ProxyPortArg    integer,
    StartTimeArg    timestamptz,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    affected integer := 0;
BEGIN
    IF NOT bump_membership_version(DeploymentIdArg, VersionArg) THEN
        -- Stale etag (or unknown cluster): nothing was changed.
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg,
         StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    GET DIAGNOSTICS affected = ROW_COUNT;

    IF affected = 0 THEN
        RAISE EXCEPTION 'orleans: membership row already present'
            USING ERRCODE = 'OR001';
    END IF;

    RETURN QUERY SELECT affected;
EXCEPTION
    WHEN SQLSTATE 'OR001' THEN
        -- Everything done in this block (the version bump) is undone.
        RETURN QUERY SELECT 0;
END
$body$;

-- Changes a silo row's status / suspicions, conditional on the table version
-- still being VersionArg. Same all-or-nothing pattern as insert_membership.
-- IAmAliveTime never moves backwards. Returns 1 on success, 0 otherwise.
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg varchar,
    AddressArg      varchar,
    PortArg         integer,
    GenerationArg   integer,
    StatusArg       integer,
    SuspectTimesArg varchar,
    IAmAliveTimeArg timestamptz,
    VersionArg      integer)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    affected integer := 0;
BEGIN
    IF NOT bump_membership_version(DeploymentIdArg, VersionArg) THEN
        -- Stale etag (or unknown cluster): nothing was changed.
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE OrleansMembershipTable AS mt
       SET Status       = StatusArg,
           SuspectTimes = SuspectTimesArg,
           IAmAliveTime = GREATEST(mt.IAmAliveTime, IAmAliveTimeArg)
     WHERE mt.DeploymentId = DeploymentIdArg
       AND mt.Address      = AddressArg
       AND mt.Port         = PortArg
       AND mt.Generation   = GenerationArg;
    GET DIAGNOSTICS affected = ROW_COUNT;

    IF affected = 0 THEN
        RAISE EXCEPTION 'orleans: membership row not found'
            USING ERRCODE = 'OR001';
    END IF;

    RETURN QUERY SELECT affected;
EXCEPTION
    WHEN SQLSTATE 'OR001' THEN
        RETURN QUERY SELECT 0;
END
$body$;

-- Clustering queries --------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpdateIAmAlivetimeKey', $q$
    SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$q$),

('InsertMembershipVersionKey', $q$
    SELECT row_count FROM insert_membership_version(@DeploymentId);
$q$),

('InsertMembershipKey', $q$
    SELECT row_count FROM insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),

('UpdateMembershipKey', $q$
    SELECT row_count FROM update_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),

-- The version row is always returned (LEFT JOIN), even when the silo row
-- does not exist; the provider then sees NULL silo columns.
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId,
           m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
      FROM OrleansMembershipVersionTable AS v
      LEFT JOIN OrleansMembershipTable AS m
             ON m.DeploymentId = v.DeploymentId
            AND m.Address = @Address
            AND m.Port = @Port
            AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.DeploymentId,
           m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
      FROM OrleansMembershipVersionTable AS v
      LEFT JOIN OrleansMembershipTable AS m
             ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),

('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Gateways for clients: @Status is passed as 3 (Active).
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = @Status
       AND ProxyPort > 0;
$q$),

-- Bulk clean-up of old Dead rows. 10.4.2 requires this key to exist but only
-- runs it when CleanupDefunctSiloEntryKey (below) is absent.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = 6
       AND IAmAliveTime < @IAmAliveTime
       AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = '';
$q$),

-- Optional key read by 10.4.2: the provider picks Dead rows that are old
-- enough itself, then deletes each one only if it still holds exactly the
-- values it read (so a row changed in between is left alone).
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address
       AND Port = @Port
       AND Generation = @Generation
       AND Status = 6
       AND StartTime = @StartTime
       AND IAmAliveTime = @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;


-- =============================================================================
-- PERSISTENCE (grain state)
-- =============================================================================

-- Grain state is stored serialized in PayloadBinary (10.4.2 never reads or
-- writes JSON/XML payload columns). A row whose PayloadBinary is NULL means
-- "cleared": the row keeps its Version so that etags keep increasing.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash            integer                NOT NULL,
    grainidn0              bigint                 NOT NULL,
    grainidn1              bigint                 NOT NULL,
    graintypehash          integer                NOT NULL,
    graintypestring        character varying(512) NOT NULL,
    grainidextensionstring character varying(512) NULL,
    serviceid              character varying(150) NOT NULL,
    payloadbinary          bytea                  NULL,
    modifiedon             timestamptz            NOT NULL,
    version                integer                NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Write grain state.
--   _grainstateversion NOT NULL: update the row only if its Version still
--       equals the etag; the new version is etag + 1.
--   _grainstateversion NULL: first write; insert only if no row exists.
-- The returned newgrainstateversion equals the input when nothing was
-- written; the provider turns that into an InconsistentStateException.
-- First writes of one grain are serialised with a transaction-scoped
-- advisory lock (two-int key space, so it cannot clash with single-bigint
-- advisory keys), because the table has no unique key to stop two
-- concurrent first writes from both inserting.
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        character varying,
    _grainidextensionstring character varying,
    _serviceid              character varying,
    _grainstateversion      integer,
    _payloadbinary          bytea)
RETURNS TABLE(newgrainstateversion integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    result_version integer := _grainstateversion;
    affected integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage AS s
           SET payloadbinary = _payloadbinary,
               modifiedon    = now(),
               version       = s.version + 1
         WHERE s.grainidhash     = _grainidhash
           AND s.graintypehash   = _graintypehash
           AND s.grainidn0       = _grainidn0
           AND s.grainidn1       = _grainidn1
           AND s.graintypestring = _graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
           AND s.serviceid       = _serviceid
           AND s.version         = _grainstateversion;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected > 0 THEN
            result_version := _grainstateversion + 1;
        END IF;
    ELSE
        PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

        INSERT INTO OrleansStorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
               _grainidextensionstring, _serviceid, _payloadbinary, now(), 1
         WHERE NOT EXISTS (
               SELECT 1
                 FROM OrleansStorage AS s
                WHERE s.grainidhash     = _grainidhash
                  AND s.graintypehash   = _graintypehash
                  AND s.grainidn0       = _grainidn0
                  AND s.grainidn1       = _grainidn1
                  AND s.graintypestring = _graintypestring
                  AND s.grainidextensionstring IS NOT DISTINCT FROM _grainidextensionstring
                  AND s.serviceid       = _serviceid);
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected > 0 THEN
            result_version := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT result_version;
END
$body$;

-- Persistence queries -------------------------------------------------------
-- Every key uses the same grain identity parameters:
--   @GrainIdHash @GrainIdN0 @GrainIdN1 @GrainTypeHash @GrainTypeString
--   @GrainIdExtensionString (NULL for keys without extension) @ServiceId

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', $q$
    SELECT newgrainstateversion AS NewGrainStateVersion
      FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
                          @GrainTypeString, @GrainIdExtensionString, @ServiceId,
                          @GrainStateVersion, @PayloadBinary);
$q$),

-- The provider reads PayloadBinary and Version by name; a NULL payload means
-- "no state" (but the Version is still the etag to use next).
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, ModifiedOn, Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId;
$q$),

-- ClearStateAsync (default): keep the row, drop the payload, bump the version.
-- No row back (=> InconsistentStateException) when the etag is stale.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn = now(),
           Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$),

-- ClearStateAsync with AdoNetGrainStorageOptions.DeleteStateOnClear = true
-- (optional key; without it that option is refused at start-up).
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId = @ServiceId
       AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;


-- =============================================================================
-- REMINDERS
-- =============================================================================

-- Period is in milliseconds. GrainHash is the grain's uniform hash
-- reinterpreted as a signed int; range reads below rely on that.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName
        PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Not required by the provider; speeds up the periodic hash-range reads.
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON OrleansRemindersTable (ServiceId, GrainHash);

-- Insert or overwrite a reminder. A new reminder starts at Version 0, each
-- overwrite adds one. Returns the resulting Version (the new etag).
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    varchar,
    GrainIdArg      varchar,
    ReminderNameArg varchar,
    StartTimeArg    timestamptz,
    PeriodArg       bigint,
    GrainHashArg    integer)
RETURNS TABLE(version integer)
LANGUAGE plpgsql
AS $body$
#variable_conflict use_column
DECLARE
    new_version integer;
BEGIN
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version INTO STRICT new_version;

    RETURN QUERY SELECT new_version;
END
$body$;

-- Delete one reminder if its Version still equals the etag.
-- Returns one row: 1 when deleted, 0 otherwise.
CREATE OR REPLACE FUNCTION delete_reminder_row(
    ServiceIdArg    varchar,
    GrainIdArg      varchar,
    ReminderNameArg varchar,
    VersionArg      integer)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    affected integer := 0;
BEGIN
    DELETE FROM OrleansRemindersTable AS r
     WHERE r.ServiceId    = ServiceIdArg
       AND r.GrainId      = GrainIdArg
       AND r.ReminderName = ReminderNameArg
       AND r.Version      = VersionArg;
    GET DIAGNOSTICS affected = ROW_COUNT;

    RETURN QUERY SELECT affected;
END
$body$;

-- Reminder queries ----------------------------------------------------------
-- Row-returning keys all produce GrainId, ReminderName, StartTime, Period,
-- Version.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    SELECT version AS Version
      FROM upsert_reminder_row(@ServiceId, @GrainId, @ReminderName,
                               @StartTime, @Period, @GrainHash);
$q$),

('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId;
$q$),

('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName;
$q$),

-- Used when (int)@BeginHash < (int)@EndHash: the range (Begin, End].
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainHash > @BeginHash
       AND GrainHash <= @EndHash;
$q$),

-- Used otherwise: the range wraps around, i.e. (Begin, max] plus [min, End].
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
    SELECT row_count FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
