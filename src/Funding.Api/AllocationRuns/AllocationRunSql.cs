namespace PijarSemar.Funding.AllocationRuns;

/// <summary>The statements of an allocation run and of its job bookkeeping.</summary>
internal static class AllocationRunSql
{
    /// <summary>Sorting 250,000 candidates in memory; JIT compiling costs more than it saves on these plans.</summary>
    public const string PrepareTransaction = "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off";

    /// <summary>
    /// The sources the run fills, locked in id order like every other taker of several source rows,
    /// so a run and single allocations queue behind each other instead of deadlocking.
    /// </summary>
    public const string LockSources = """
        SELECT id FROM funding_sources
        WHERE fiscal_year = @year AND type IN ('Apbd', 'Dbhcht')
        ORDER BY id
        FOR UPDATE
        """;

    /// <summary>Months of the window that have no tariff in force: their cost, and so the budget check, is unknown.</summary>
    public const string MonthsWithoutTariff = """
        SELECT to_char(m.month, 'YYYY-MM')
        FROM generate_series(@start::date, @end::date, interval '1 month') AS m(month)
        WHERE NOT EXISTS (SELECT FROM tariffs t WHERE t.effective_from <= m.month)
        ORDER BY m.month
        """;

    /// <summary>
    /// The whole run in one statement. Each source's capacity over the window [start, end] is the
    /// smaller of its free quota (quota minus the most allocations active in any month of the
    /// window) and the number of window-long allocations its remaining budget pays for (budget minus
    /// the projected cost of the year, divided by the window's cost at the tariffs in force, rounded down: the sums are numeric). The
    /// candidates are verified workers with no allocation in any month of the window, ranked
    /// P3KE-listed first, then earliest last change (for a verified worker, its verification), then
    /// worker id. Sources are filled in order (Apbd, then Dbhcht, then by code): a source takes the
    /// ranks between the running total of capacity before it and the total including it.
    /// Each new allocation writes one FundingAllocated row to the outbox, with the payload
    /// System.Text.Json writes for the event with the web defaults, and one audit entry with the
    /// shape of AllocationResponse, as a single allocation does.
    /// </summary>
    public const string Run = """
        WITH months AS (
            SELECT m.month::date AS month,
                   (SELECT t.monthly_contribution FROM tariffs t
                     WHERE t.effective_from <= m.month ORDER BY t.effective_from DESC LIMIT 1) AS tariff
            FROM generate_series(make_date(@year, 1, 1), make_date(@year, 12, 1), interval '1 month') AS m(month)
        ), window_cost AS (
            SELECT sum(tariff) AS cost FROM months WHERE month >= @start
        ), usage AS (
            SELECT s.id, s.code, s.type, s.quota, s.budget,
                   coalesce(max(c.active) FILTER (WHERE m.month >= @start), 0) AS max_active,
                   coalesce(sum(c.active * m.tariff), 0) AS projected_cost
            FROM funding_sources s
            CROSS JOIN months m
            CROSS JOIN LATERAL (SELECT count(*) AS active FROM allocations a
                                 WHERE a.funding_source_id = s.id AND a.start_month <= m.month AND a.end_month >= m.month) AS c
            WHERE s.fiscal_year = @year AND s.type IN ('Apbd', 'Dbhcht')
            GROUP BY s.id, s.code, s.type, s.quota, s.budget
        ), capacity AS (
            SELECT u.id, u.code, u.type,
                   CASE u.type WHEN 'Apbd' THEN 0 ELSE 1 END AS type_order,
                   greatest(0, least(u.quota - u.max_active, floor((u.budget - u.projected_cost) / w.cost)))::bigint AS capacity
            FROM usage u CROSS JOIN window_cost w
        ), slots AS (
            SELECT id, code, type, type_order, capacity,
                   sum(capacity) OVER (ORDER BY type_order, code, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - capacity AS taken_before
            FROM capacity
        ), candidates AS (
            SELECT w.worker_id,
                   row_number() OVER (ORDER BY w.p3ke_listed DESC, w.last_changed_at, w.worker_id) AS rank
            FROM registry_workers w
            WHERE w.registry_status = 'Verified'
              AND NOT EXISTS (SELECT FROM allocations a
                               WHERE a.worker_id = w.worker_id
                                 AND a.months && daterange(@start, (@end + interval '1 month')::date, '[)'))
        ), assigned AS (
            SELECT c.worker_id, c.rank, s.id AS source_id, s.type
            FROM candidates c
            JOIN slots s ON c.rank > s.taken_before AND c.rank <= s.taken_before + s.capacity
        ), inserted AS (
            INSERT INTO allocations (id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month,
                                     status, allocation_run_id, version, created_at, created_by)
            SELECT gen_random_uuid(), worker_id, source_id, type, NULL, @start, @end, 'Active', @run_id, 1, @now, @actor
            FROM assigned
            ORDER BY rank
            RETURNING id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, status, version, created_at
        ), events AS (
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
            SELECT gen_random_uuid(), @message_type,
                   jsonb_build_object(
                       'allocationId', id,
                       'workerId', worker_id,
                       'fundingSourceId', funding_source_id,
                       'sourceType', source_type,
                       'sponsorId', sponsor_id,
                       'startPeriod', to_char(start_month, 'YYYY-MM'),
                       'endPeriod', to_char(end_month, 'YYYY-MM'),
                       'fiscalYear', @year,
                       'version', version,
                       'occurredAt', created_at),
                   @now, @now, @traceparent
            FROM inserted
        ), audit AS (
            INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
            SELECT 'allocation', id, 'Allocated', @actor, created_at,
                   jsonb_build_object(
                       'id', id,
                       'workerId', worker_id,
                       'fundingSourceId', funding_source_id,
                       'sourceType', source_type,
                       'sponsorId', sponsor_id,
                       'startPeriod', to_char(start_month, 'YYYY-MM'),
                       'endPeriod', to_char(end_month, 'YYYY-MM'),
                       'status', status,
                       'endReason', NULL,
                       'version', version,
                       'createdAt', created_at,
                       'endedAt', NULL,
                       'allocationRunId', @run_id)
            FROM inserted
        ), per_source AS (
            SELECT s.id, s.code, s.type, s.type_order, s.capacity, count(i.id) AS allocated
            FROM slots s LEFT JOIN inserted i ON i.funding_source_id = s.id
            GROUP BY s.id, s.code, s.type, s.type_order, s.capacity
        ), totals AS (
            SELECT (SELECT count(*) FROM candidates)::int AS considered, (SELECT count(*) FROM inserted)::int AS allocated
        )
        UPDATE allocation_runs r
        SET status = 'Completed',
            considered = t.considered,
            allocated = t.allocated,
            left_unfunded = t.considered - t.allocated,
            per_source = (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                  'fundingSourceId', p.id, 'code', p.code, 'type', p.type,
                                  'capacity', p.capacity, 'allocated', p.allocated) ORDER BY p.type_order, p.code, p.id), '[]'::jsonb)
                          FROM per_source p),
            completed_at = @now,
            last_error = NULL
        FROM totals t
        WHERE r.id = @run_id
        RETURNING t.allocated
        """;

    public const string Queue = """
        INSERT INTO allocation_runs (id, fiscal_year, start_month, status, requested_by, requested_at)
        VALUES (@id, @year, @start, 'Queued', @actor, @now)
        RETURNING seq
        """;

    public const string Pending = "SELECT id FROM allocation_runs WHERE status IN ('Queued', 'Running') ORDER BY seq LIMIT 20";

    /// <summary>Takes the run for this attempt; no row when another runner completed it meanwhile.</summary>
    public const string Claim = """
        UPDATE allocation_runs
        SET status = 'Running', attempts = attempts + 1, started_at = coalesce(started_at, @now)
        WHERE id = @run_id AND status IN ('Queued', 'Running')
        RETURNING attempts
        """;

    public const string Window = "SELECT fiscal_year, start_month, requested_by FROM allocation_runs WHERE id = @run_id";

    public const string Fail = """
        UPDATE allocation_runs SET status = 'Failed', last_error = @reason, completed_at = @now
        WHERE id = @run_id AND status = 'Running'
        """;

    /// <summary>Records why an attempt failed, for the operator; on its own connection, after the attempt rolled back.</summary>
    public const string NoteError = "UPDATE allocation_runs SET last_error = @reason WHERE id = @run_id AND status = 'Running'";

    public const string Columns = """
        SELECT id, seq, fiscal_year, start_month, status, attempts, considered, allocated, left_unfunded,
               per_source, requested_by, requested_at, started_at, completed_at, last_error
        FROM allocation_runs
        """;
}
