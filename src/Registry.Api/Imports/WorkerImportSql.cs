namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The statements of one import. They run in one transaction, chunk after chunk of the rows
/// checked in C#, so an import is committed whole or not at all.
/// </summary>
public static class WorkerImportSql
{
    /// <summary>Sorting and hashing 250,000 rows in memory; JIT compiling costs more than it saves on these plans.</summary>
    public const string PrepareTransaction = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off";

    /// <summary>
    /// A chunk's checked workers copied straight into <c>workers</c>, flag included, in file order
    /// (so <c>seq</c> follows the file), inside a savepoint. A NIK registered between the chunk's
    /// look-up and its COPY makes the COPY fail on <c>workers_nik</c>; the chunk is then rolled back
    /// to the savepoint, looked up and written again. A new worker is at version 1, like a single
    /// registration.
    /// </summary>
    public const string CopyWorkers = """
        COPY workers (id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan,
                      occupation_code, p3ke_listed, status, registered_at, updated_at, import_id, import_row, version,
                      domicile_reason, occupation_text, nik_needs_review, possible_duplicate_of)
        FROM STDIN (FORMAT BINARY)
        """;

    public const string NikIndex = "workers_nik";

    /// <summary>A chunk's flags, in the chunk's order (so <c>seq</c>, the operators' page order, follows the file).</summary>
    public const string InsertPossibleDuplicates = """
        INSERT INTO possible_duplicates (worker_id, duplicate_of, match, flagged_at)
        SELECT f.worker_id, f.duplicate_of, f.match, @now
        FROM unnest(@worker_ids, @duplicate_of, @matches) WITH ORDINALITY AS f(worker_id, duplicate_of, match, ord)
        ORDER BY f.ord
        """;

    /// <summary>Rejections: the rules, NIKs repeated in the file, and NIKs registered already.</summary>
    public const string CopyRejections = "COPY worker_import_rejections (import_id, row_no, field, reason) FROM STDIN (FORMAT BINARY)";

    /// <summary>The <c>WorkersImported</c> event of a chunk copied straight in, its payload written in C#.</summary>
    public const string InsertEvent = """
        INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
        VALUES (@id, @message_type, @payload::jsonb, @now, @now, @traceparent)
        """;

    /// <summary>Checked workers per chunk: one <c>WorkersImported</c> event each, the name locks and the duplicate check set-based over it.</summary>
    public const int ChunkSize = 5 * EventBatchSize;

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
