namespace PijarSemar.Billing.Runs;

/// <summary>
/// The statements of a billing run. Everything a run writes is set-based: one statement per
/// table, whatever the number of workers, all in the job attempt's one transaction.
/// </summary>
internal static class BillingRunSql
{
    /// <summary>The advisory-lock space of billing runs in the job runner; no other Billing job uses it.</summary>
    public const int LockSpace = 33740101;

    /// <summary>
    /// The run row is the exactly-once rule for a period: a second or concurrent request finds the
    /// row (the unique period) and inserts nothing, so every request answers with the same run.
    /// The audit entry is written only by the request that created it.
    /// </summary>
    public const string Request = """
        WITH inserted AS (
            INSERT INTO billing_runs (id, period, status, requested_by, requested_at)
            VALUES (@id, @period, 'Queued', @actor, @now)
            ON CONFLICT (period) DO NOTHING
            RETURNING id, period
        ), audit AS (
            INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
            SELECT 'BillingRun', id, 'Requested', @actor, @now, jsonb_build_object('period', to_char(period, 'YYYY-MM'))
            FROM inserted
        )
        SELECT count(*) FROM inserted
        """;

    public const string TariffInForce = """
        SELECT effective_from, income_base, jkk_rate, jkm_amount
        FROM tariffs
        WHERE effective_from <= @period
        ORDER BY effective_from DESC
        LIMIT 1
        """;

    public const string Pending = """
        SELECT id FROM billing_runs WHERE status IN ('Queued', 'Running') ORDER BY seq LIMIT 20
        """;

    public const string Claim = """
        UPDATE billing_runs
        SET status = 'Running', attempts = attempts + 1, started_at = coalesce(started_at, @now)
        WHERE id = @id AND status IN ('Queued', 'Running')
        RETURNING attempts
        """;

    public const string Fail = """
        UPDATE billing_runs SET status = 'Failed', last_error = @reason WHERE id = @id AND status = 'Running'
        """;

    /// <summary>The run's period, locked for this attempt; nothing when it is no longer Running.</summary>
    public const string LockRun = """
        SELECT period FROM billing_runs WHERE id = @id AND status = 'Running' FOR UPDATE
        """;

    /// <summary>
    /// Who is billed: every allocation active in the period (its end month inclusive; an end before
    /// the start never took effect and matches no month), and its payer: the sponsor for Asn and
    /// Csr, the funding source alone for Apbd and Dbhcht. Should the read model briefly hold two
    /// allocations of one worker for the month (an end not yet arrived), the latest started is
    /// billed: a worker is billed once a month, and the invoice counts only the lines it gets.
    /// </summary>
    public const string SelectBilled = """
        CREATE TEMP TABLE billed_allocations ON COMMIT DROP AS
        SELECT DISTINCT ON (worker_id)
               worker_id, allocation_id, funding_source_id, source_type,
               CASE WHEN source_type IN ('Asn', 'Csr') THEN sponsor_id END AS payer_sponsor_id
        FROM funded_allocations
        WHERE start_month <= @period AND end_month >= @period
        ORDER BY worker_id, start_month DESC, version DESC, allocation_id
        """;

    /// <summary>One invoice per payer, its count and total from the same rows the lines come from.</summary>
    public const string InsertInvoices = """
        INSERT INTO invoices (id, run_id, period, funding_source_id, source_type, sponsor_id, line_count, total, paid, status, version, issued_at)
        SELECT gen_random_uuid(), @run_id, @period, funding_source_id, source_type, payer_sponsor_id,
               count(*), count(*) * @amount, 0, 'Issued', 1, @now
        FROM billed_allocations
        GROUP BY source_type, funding_source_id, payer_sponsor_id
        ORDER BY source_type, funding_source_id, payer_sponsor_id
        """;

    /// <summary>
    /// One line per worker and month. The join key stands for (source, sponsor) with equality only,
    /// so PostgreSQL can hash it; a sponsor id is never a funding source's id.
    /// </summary>
    public const string InsertLines = """
        INSERT INTO invoice_lines (worker_id, period, invoice_id, allocation_id, amount)
        SELECT b.worker_id, @period, i.id, b.allocation_id, @amount
        FROM billed_allocations b
        JOIN invoices i
          ON i.run_id = @run_id
         AND i.funding_source_id = b.funding_source_id
         AND coalesce(i.sponsor_id, i.funding_source_id) = coalesce(b.payer_sponsor_id, b.funding_source_id)
        """;

    /// <summary>
    /// One ContributionInvoiceIssued per invoice into the outbox, in the same transaction as the
    /// invoices. The payload is the event as the dispatcher reads it (web JSON: camelCase names,
    /// the period as yyyy-MM, money as a whole number).
    /// </summary>
    public const string InsertEvents = """
        INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at)
        SELECT gen_random_uuid(), @message_type,
               jsonb_build_object(
                   'invoiceId', id, 'runId', run_id, 'period', to_char(period, 'YYYY-MM'),
                   'fundingSourceId', funding_source_id, 'sourceType', source_type, 'sponsorId', sponsor_id,
                   'lineCount', line_count, 'total', total, 'version', version, 'issuedAt', issued_at),
               @now, @now
        FROM invoices
        WHERE run_id = @run_id
        ORDER BY seq
        """;

    public const string Complete = """
        WITH totals AS (
            SELECT count(*)::integer AS invoices, coalesce(sum(line_count), 0)::integer AS lines, coalesce(sum(total), 0)::bigint AS total
            FROM invoices WHERE run_id = @run_id
        ), completed AS (
            UPDATE billing_runs r
            SET status = 'Completed', tariff_from = @tariff_from, amount = @amount, invoice_count = t.invoices,
                line_count = t.lines, total = t.total, completed_at = @now, last_error = NULL
            FROM totals t
            WHERE r.id = @run_id
            RETURNING r.id, r.period, r.invoice_count, r.line_count, r.total, r.amount
        )
        INSERT INTO audit_log (entity_type, entity_id, action, actor, at, after)
        SELECT 'BillingRun', id, 'Completed', 'system', @now,
               jsonb_build_object('period', to_char(period, 'YYYY-MM'), 'invoiceCount', invoice_count,
                                  'lineCount', line_count, 'total', total, 'amount', amount)
        FROM completed
        """;
}
