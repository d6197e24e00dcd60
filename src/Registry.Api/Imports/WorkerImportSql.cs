namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The statements of one import. They run in one transaction, chunk after chunk of the rows
/// checked in C#, so an import is committed whole or not at all.
/// </summary>
internal static class WorkerImportSql
{
    /// <summary>Sorting and hashing 250,000 rows in memory; JIT compiling costs more than it saves on these plans.</summary>
    public const string PrepareTransaction = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off";

    /// <summary>
    /// The path of a chunk: its checked workers copied straight into <c>workers</c>, flag included,
    /// in file order (so <c>seq</c> follows the file), inside a savepoint. A NIK registered already
    /// (or by a single registration committed meanwhile) makes the COPY fail on <c>workers_nik</c>;
    /// the chunk is then rolled back to the savepoint and goes through the staging table instead.
    /// A new worker is at version 1, like a single registration.
    /// </summary>
    public const string CopyWorkers = """
        COPY workers (id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan,
                      occupation_code, p3ke_listed, status, registered_at, updated_at, import_id, import_row, version,
                      domicile_reason, occupation_text, nik_needs_review, possible_duplicate_of)
        FROM STDIN (FORMAT BINARY)
        """;

    public const string NikIndex = "workers_nik";

    public const string CopyPossibleDuplicates = "COPY possible_duplicates (worker_id, duplicate_of, match, flagged_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>Rejections found in C#: the rules, and NIKs repeated in the file.</summary>
    public const string CopyRejections = "COPY worker_import_rejections (import_id, row_no, field, reason) FROM STDIN (FORMAT BINARY)";

    /// <summary>The <c>WorkersImported</c> event of a chunk copied straight in, its payload written in C#.</summary>
    public const string InsertEvent = """
        INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
        VALUES (@id, @message_type, @payload::jsonb, @now, @now, @traceparent)
        """;

    /// <summary>Checked workers per chunk: one <c>WorkersImported</c> event each, the name locks and the duplicate check set-based over it.</summary>
    public const int ChunkSize = EventBatchSize;

    /// <summary>The staging table holds one chunk at a time: the one that met a registered NIK.</summary>
    public const string ClearStaging = "TRUNCATE import_rows";

    /// <summary>A checked row has its values and no field; a rejected one has one line per field, with the reason.</summary>
    public const string CreateStaging = """
        CREATE TEMP TABLE import_rows (
            row_no          integer NOT NULL,
            field           text,
            reason          text,
            id              uuid,
            nik             text,
            full_name       text,
            birth_date      date,
            sex             text,
            phone           text,
            address         text,
            kecamatan       text,
            kelurahan       text,
            occupation_code text,
            p3ke_listed     boolean,
            domicile_reason text,
            occupation_text text,
            nik_needs_review boolean
        ) ON COMMIT DROP
        """;

    public const string CopyStaging = """
        COPY import_rows (row_no, id, nik, full_name, birth_date, sex, phone, address,
                          kecamatan, kelurahan, occupation_code, p3ke_listed, domicile_reason, occupation_text, nik_needs_review)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Statistics on the columns the statements join and filter on: without them the planner
    /// misjudges a fresh temporary table, and one misjudged join is worse than the whole import.
    /// </summary>
    public const string AnalyzeStaging = "ANALYZE import_rows (row_no, field, nik, id)";

    /// <summary>
    /// The path of a chunk that met a registered NIK: inserts every staged worker (the first valid row of each NIK) not yet registered, in file order (so <c>seq</c> follows
    /// the file), each with its spreadsheet row, and one <c>WorkersImported</c> event per
    /// <c>@batch_size</c> workers; returns how many were inserted. A NIK registered before, or by
    /// a single registration committed meanwhile, is skipped by ON CONFLICT (whose arbiter probe is
    /// the only look-up per row) and reported afterwards. A new worker is at version 1, like a
    /// single registration, and the event says so. The payload is what System.Text.Json writes
    /// for <c>WorkersImported</c> with the web defaults. The import's one audit entry is
    /// <see cref="AuditImport"/>; the history endpoint expands it per worker.
    /// </summary>
    public const string InsertWorkers = """
        WITH inserted AS (
            INSERT INTO workers (id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan,
                                 occupation_code, p3ke_listed, status, registered_at, updated_at, import_id, import_row, version,
                                 domicile_reason, occupation_text, nik_needs_review)
            SELECT s.id, s.nik, s.full_name, s.birth_date, s.sex, s.phone, s.address, s.kecamatan, s.kelurahan,
                   s.occupation_code, s.p3ke_listed, 'Registered', @now, @now, @import_id, s.row_no, 1,
                   s.domicile_reason, s.occupation_text, s.nik_needs_review
            FROM import_rows s
            WHERE s.field IS NULL
            ORDER BY s.row_no
            ON CONFLICT (nik) DO NOTHING
            RETURNING id, occupation_code, kecamatan, p3ke_listed, registered_at, version
        ), events AS (
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
            SELECT gen_random_uuid(), @message_type,
                   jsonb_build_object(
                       'importId', @import_id,
                       'workers', jsonb_agg(jsonb_build_object(
                           'workerId', id,
                           'occupationCode', coalesce(occupation_code, ''),
                           'kecamatan', kecamatan,
                           'p3keListed', p3ke_listed,
                           'registeredAt', registered_at,
                           'version', version) ORDER BY id)),
                   @now, @now, @traceparent
            FROM (SELECT *, (row_number() OVER (ORDER BY id) - 1) / @batch_size AS batch FROM inserted) AS numbered
            GROUP BY batch
        )
        SELECT count(*)::integer FROM inserted
        """;

    /// <summary>
    /// The one audit entry of an import, written with its completion: who uploaded it (the actor
    /// of every registration in it), when it ran and its counts. Each imported worker's history
    /// shows it as "Registered" with the import and the worker's row.
    /// </summary>
    public const string AuditImport = """
        INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
        SELECT 'worker-import', id, 'WorkersImported', uploaded_by, @now,
               jsonb_build_object('id', id, 'status', status, 'totalRows', total_rows, 'accepted', accepted,
                                  'rejected', rejected, 'uploadedBy', uploaded_by, 'createdAt', created_at)
        FROM worker_imports
        WHERE id = @import_id
        """;

    /// <summary>
    /// Every staged worker whose NIK is now registered by someone else: before this import, or by
    /// a single registration that won the race. Runs after the insert, so it sees the winners.
    /// </summary>
    public const string RejectRegisteredRows = """
        INSERT INTO worker_import_rejections (import_id, row_no, field, reason)
        SELECT @import_id, s.row_no, 'nik', 'Already registered as worker ' || w.id || '.'
        FROM import_rows s
        JOIN workers w ON w.nik = s.nik
        WHERE s.field IS NULL
          AND w.import_id IS DISTINCT FROM @import_id
        """;

    public const string Complete = """
        UPDATE worker_imports
        SET status = 'Completed',
            rows_done = @rows_done,
            accepted = @accepted,
            rejected = (SELECT count(DISTINCT row_no) FROM worker_import_rejections WHERE import_id = @import_id),
            completed_at = @completed_at,
            failure = NULL
        WHERE id = @import_id
        """;

    /// <summary>
    /// Takes the import for this attempt; no row when another runner completed it meanwhile. Should
    /// the attempt fail (or its instance stop), the import is due again only after a pause that
    /// grows with each attempt, and imports uploaded later run first meanwhile.
    /// </summary>
    public const string Claim = """
        UPDATE worker_imports
        SET status = 'Running', attempts = attempts + 1, started_at = coalesce(started_at, @now), rows_done = 0,
            next_attempt_at = @now + @retry_delay * (attempts + 1)
        WHERE id = @import_id AND status IN ('Queued', 'Running')
        RETURNING attempts
        """;

    /// <summary>An operator's retry of a Failed import: queued again with fresh attempts, while its file is kept.</summary>
    public const string Retry = """
        WITH retried AS (
            UPDATE worker_imports
            SET status = 'Queued', attempts = 0, rows_done = 0, failure = NULL, completed_at = NULL, next_attempt_at = @now
            WHERE id = @import_id AND status = 'Failed' AND file_deleted_at IS NULL
            RETURNING id
        )
        INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
        SELECT 'worker-import', id, 'RetryRequested', @actor, @now, jsonb_build_object('id', id, 'status', 'Queued')
        FROM retried
        """;

    public const string UploadedBy = "SELECT uploaded_by FROM worker_imports WHERE id = @import_id";

    /// <summary>Workers per <c>WorkersImported</c> event: 250 messages for a 250,000-row import, each well under a megabyte.</summary>
    public const int EventBatchSize = 1_000;

    public const string ReportProgress = "UPDATE worker_imports SET rows_done = @rows_done WHERE id = @import_id AND status = 'Running'";

    public const string Fail = """
        UPDATE worker_imports SET status = 'Failed', failure = @failure, completed_at = @now
        WHERE id = @import_id AND status = 'Running'
        """;

    /// <summary>
    /// Those due, the longest due first: an import waiting after a failed attempt does not hold up
    /// those uploaded after it. The runner takes the first one no other runner holds.
    /// </summary>
    public const string Pending = """
        SELECT id FROM worker_imports
        WHERE status IN ('Queued', 'Running') AND next_attempt_at <= @now
        ORDER BY next_attempt_at, seq
        LIMIT 20
        """;

    /// <summary>
    /// The advisory-lock space of imports as background job items (each locked as
    /// <c>(LockSpace, hashtext(id::text))</c> while it runs), apart from every other job's.
    /// </summary>
    public const int LockSpace = 3374_0003;
}
