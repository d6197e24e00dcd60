namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The set-based statements of one import. They run in one transaction over a staging table of
/// the rows checked in C#, so an import is committed whole or not at all.
/// </summary>
internal static class WorkerImportSql
{
    /// <summary>Sorting and hashing 250,000 rows in memory; JIT compiling costs more than it saves on these plans.</summary>
    public const string PrepareTransaction = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off";

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
        COPY import_rows (row_no, field, reason, id, nik, full_name, birth_date, sex, phone, address,
                          kecamatan, kelurahan, occupation_code, p3ke_listed, domicile_reason, occupation_text, nik_needs_review)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Statistics on the columns the statements join and filter on: without them the planner
    /// misjudges a fresh temporary table, and one misjudged join is worse than the whole import.
    /// </summary>
    public const string AnalyzeStaging = "ANALYZE import_rows (row_no, field, nik, id)";

    /// <summary>Rejections found in C#, and every row whose NIK appeared on an earlier checked row of the file.</summary>
    public const string RejectInvalidAndRepeatedRows = """
        INSERT INTO worker_import_rejections (import_id, row_no, field, reason)
        SELECT @import_id, row_no, field, reason
        FROM import_rows
        WHERE field IS NOT NULL
        UNION ALL
        SELECT @import_id, row_no, 'nik', 'Duplicate of row ' || first_row_no || ', which has the same NIK; only the first is imported.'
        FROM (SELECT row_no, min(row_no) OVER (PARTITION BY nik) AS first_row_no
              FROM import_rows
              WHERE field IS NULL) AS occurrences
        WHERE row_no <> first_row_no
        """;

    /// <summary>
    /// Inserts the first row of every NIK not yet registered, in file order (so <c>seq</c> follows
    /// the file), with one WorkerRegistered event and one audit entry per worker. A NIK that a
    /// single registration commits meanwhile is skipped by ON CONFLICT and reported afterwards.
    /// A new worker is at version 1, like a single registration, and its event says so.
    /// The payload is what System.Text.Json writes for <c>WorkerRegistered</c> with the web
    /// defaults; <c>after</c> has the shape of <c>WorkerResponse</c>, like a single registration's.
    /// </summary>
    public const string InsertWorkers = """
        WITH inserted AS (
            INSERT INTO workers (id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan,
                                 occupation_code, p3ke_listed, status, registered_at, updated_at, import_id, version,
                                 domicile_reason, occupation_text, nik_needs_review)
            SELECT s.id, s.nik, s.full_name, s.birth_date, s.sex, s.phone, s.address, s.kecamatan, s.kelurahan,
                   s.occupation_code, s.p3ke_listed, 'Registered', @now, @now, @import_id, 1,
                   s.domicile_reason, s.occupation_text, s.nik_needs_review
            FROM import_rows s
            WHERE s.field IS NULL
              AND NOT EXISTS (SELECT FROM import_rows e WHERE e.field IS NULL AND e.nik = s.nik AND e.row_no < s.row_no)
              AND NOT EXISTS (SELECT FROM workers w WHERE w.nik = s.nik)
            ORDER BY s.row_no
            ON CONFLICT (nik) DO NOTHING
            RETURNING id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan,
                      occupation_code, p3ke_listed, status, registered_at, version,
                      domicile_reason, occupation_text, nik_needs_review
        ), events AS (
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
            SELECT gen_random_uuid(), @message_type,
                   jsonb_build_object(
                       'workerId', id,
                       'occupationCode', coalesce(occupation_code, ''),
                       'kecamatan', kecamatan,
                       'p3keListed', p3ke_listed,
                       'registeredAt', registered_at,
                       'version', version),
                   @now, @now, @traceparent
            FROM inserted
        )
        INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
        SELECT 'worker', id, 'Registered', @actor, registered_at,
               jsonb_build_object(
                   'id', id,
                   'nik', nik,
                   'fullName', full_name,
                   'birthDate', birth_date,
                   'sex', sex,
                   'phone', phone,
                   'address', address,
                   'kecamatan', kecamatan,
                   'kelurahan', kelurahan,
                   'occupationCode', occupation_code,
                   'p3keListed', p3ke_listed,
                   'status', status,
                   'registeredAt', registered_at,
                   'statusReason', NULL,
                   'statusEffectiveDate', NULL,
                   'statusNote', NULL,
                   'domicileReason', domicile_reason,
                   'occupationText', occupation_text,
                   'nikNeedsReview', nik_needs_review)
        FROM inserted
        """;

    /// <summary>
    /// Every first row of a NIK that is now registered by someone else: before this import, or by
    /// a single registration that won the race. Runs after the insert, so it sees the winners.
    /// </summary>
    public const string RejectRegisteredRows = """
        INSERT INTO worker_import_rejections (import_id, row_no, field, reason)
        SELECT @import_id, s.row_no, 'nik', 'Already registered as worker ' || w.id || '.'
        FROM import_rows s
        JOIN workers w ON w.nik = s.nik
        WHERE s.field IS NULL
          AND w.import_id IS DISTINCT FROM @import_id
          AND NOT EXISTS (SELECT FROM import_rows e WHERE e.field IS NULL AND e.nik = s.nik AND e.row_no < s.row_no)
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

    /// <summary>Takes the import for this attempt; no row when another runner completed it meanwhile.</summary>
    public const string Claim = """
        UPDATE worker_imports
        SET status = 'Running', attempts = attempts + 1, started_at = coalesce(started_at, @now), rows_done = 0
        WHERE id = @import_id AND status IN ('Queued', 'Running')
        RETURNING attempts
        """;

    public const string UploadedBy = "SELECT uploaded_by FROM worker_imports WHERE id = @import_id";

    public const string ReportProgress = "UPDATE worker_imports SET rows_done = @rows_done WHERE id = @import_id AND status = 'Running'";

    public const string Fail = """
        UPDATE worker_imports SET status = 'Failed', failure = @failure, completed_at = @now
        WHERE id = @import_id AND status = 'Running'
        """;

    /// <summary>Oldest first; the runner takes the first one no other runner holds.</summary>
    public const string Pending = """
        SELECT id FROM worker_imports WHERE status IN ('Queued', 'Running') ORDER BY seq LIMIT 20
        """;

    /// <summary>
    /// The advisory-lock space of imports as background job items (each locked as
    /// <c>(LockSpace, hashtext(id::text))</c> while it runs), apart from every other job's.
    /// </summary>
    public const int LockSpace = 3374_0003;
}
