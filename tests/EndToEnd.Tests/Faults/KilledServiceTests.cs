using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using PijarSemar.EndToEnd.Tests.Processes;
using PijarSemar.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>
/// A service killed with SIGKILL in the middle of its work, then started again: the work completes
/// once, as if nothing had happened. "The middle" is seen in the database before the kill (the
/// run's statements active, an import's progress written, some outbox rows published and others
/// leased), and that nothing of the interrupted attempt was committed is checked right after it.
/// The stack has a broker of its own, so the thousands of events seeded here reach no other test.
/// </summary>
public sealed class KilledServiceTests(KilledServiceTests.OwnBrokerServices fixture, ITestOutputHelper output) : IClassFixture<KilledServiceTests.OwnBrokerServices>
{
    private static readonly TimeSpan MiddlePatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CompletionPatience = TimeSpan.FromSeconds(60);

    // The tariff the Billing migrations seed from 2025-01: Rp1,000,000 × 1% + Rp6,800.
    private const long MonthlyContribution = 16_800;

    [Fact]
    public async Task A_billing_run_killed_midway_completes_on_restart_with_one_line_per_worker_and_one_invoice_per_payer()
    {
        const int Allocations = 20_000;
        const int Payers = 100;
        var billing = fixture.Services.Billing;
        var period = new DateOnly(2025, 6, 1);
        try
        {
            // Half paid by 50 APBD sources, half by 50 CSR sponsors of one CSR source: 100 payers.
            Assert.Equal(Allocations, await billing.ScalarAsync<long>("""
                WITH seeded AS (
                    INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, sponsor_id,
                                                    start_month, end_month, version, updated_at)
                    SELECT md5('run-allocation' || i)::uuid, md5('run-worker' || i)::uuid,
                           CASE WHEN i % 2 = 0 THEN md5('run-apbd' || (i / 2) % 50)::uuid ELSE md5('run-csr')::uuid END,
                           CASE WHEN i % 2 = 0 THEN 'Apbd' ELSE 'Csr' END,
                           CASE WHEN i % 2 = 0 THEN NULL ELSE md5('run-sponsor' || (i / 2) % 50)::uuid END,
                           @period, @period + interval '6 months', 1, now()
                    FROM generate_series(1, @allocations) AS i
                    RETURNING 1
                )
                SELECT count(*) FROM seeded
                """, ("period", period), ("allocations", Allocations)));

            // The run stops at its last write (the invoices' events) behind a lock the test holds, with its
            // invoices and lines written but not committed: the middle, however fast the machine is.
            await using var blocker = new NpgsqlConnection(billing.ConnectionString);
            await blocker.OpenAsync();
            await using var held = await blocker.BeginTransactionAsync();
            await using (var lockOutbox = new NpgsqlCommand("LOCK TABLE outbox_messages IN SHARE MODE", blocker, held))
            {
                await lockOutbox.ExecuteNonQueryAsync();
            }

            using var finance = billing.ClientAs("finance");
            using var requested = await finance.PostAsJsonAsync(new Uri("/api/v1/billing-runs", UriKind.Relative), new { period = "2025-06" });
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
            var runId = await billing.ScalarAsync<Guid>("SELECT id FROM billing_runs WHERE period = @period", ("period", period));

            await Poll.UntilAsync(
                () => billing.ScalarAsync<bool>("""
                    SELECT EXISTS (SELECT FROM pg_stat_activity
                                   WHERE datname = current_database() AND pid <> pg_backend_pid()
                                     AND state = 'active' AND wait_event_type = 'Lock'
                                     AND query LIKE '%INSERT INTO outbox_messages%invoiceId%')
                    """),
                MiddlePatience, "the billing run to wait at its events, its invoices and lines written");
            Phase("middle seen");
            await billing.KillAsync();
            Phase("killed");
            await held.RollbackAsync();

            Assert.Equal("Running", await billing.ScalarAsync<string>("SELECT status FROM billing_runs WHERE id = @id", ("id", runId)));
            Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoices WHERE run_id = @id", ("id", runId)));

            await billing.StartAsync();
            Phase("restarted");
            await Poll.UntilAsync(
                async () => await billing.ScalarAsync<string>("SELECT status FROM billing_runs WHERE id = @id", ("id", runId)) is "Completed" or "Failed",
                CompletionPatience, "the restarted Billing to finish the run");
            Phase("completed");

            Assert.Equal(
                $"Completed attempts=2 invoices={Payers} lines={Allocations} total={Allocations * MonthlyContribution}",
                await billing.ScalarAsync<string>("""
                    SELECT status || ' attempts=' || attempts || ' invoices=' || invoice_count || ' lines=' || line_count || ' total=' || total
                    FROM billing_runs WHERE id = @id
                    """, ("id", runId)));
            Assert.Equal(
                $"invoices={Payers} lines={Allocations} workers={Allocations} total={Allocations * MonthlyContribution}",
                await billing.ScalarAsync<string>("""
                    SELECT 'invoices=' || (SELECT count(*) FROM invoices WHERE period = @period)
                        || ' lines=' || count(*) || ' workers=' || count(DISTINCT worker_id)
                        || ' total=' || (SELECT sum(total) FROM invoices WHERE period = @period)
                    FROM invoice_lines WHERE period = @period
                    """, ("period", period)));
            Assert.Equal(Payers, await billing.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.ContributionInvoiceIssued' AND payload->>'runId' = @id",
                ("id", runId.ToString())));
            Assert.Equal(1L, await billing.ScalarAsync<long>(
                "SELECT count(*) FROM audit_log WHERE entity_type = 'BillingRun' AND entity_id = @id AND action = 'Completed'", ("id", runId)));
        }
        finally
        {
            await RestartIfKilledAsync(billing);
        }
    }

    [Fact]
    public async Task An_import_killed_midway_completes_on_restart_with_each_worker_once_and_each_rejection_once()
    {
        // Five chunks: the reader runs at most two chunks ahead of the first write, so the kill
        // comes with the file read in part and nothing committed.
        const int Rows = 5 * 5_000;
        const int Rejected = 10;
        const int Accepted = Rows - Rejected;
        const int EventsOf1000Workers = (Accepted + 999) / 1000;
        var registry = fixture.Services.Registry;
        try
        {
            using var operatorClient = registry.ClientAs("operator");
            using var file = new StringContent(ImportFile(Rows, rejectEvery: Rows / Rejected), Encoding.UTF8, "text/csv");
            using var uploaded = await operatorClient.PostAsync(new Uri("/api/v1/worker-imports", UriKind.Relative), file);
            Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
            var importId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            await Poll.UntilAsync(
                () => registry.ScalarAsync<bool>(
                    "SELECT status = 'Running' AND rows_done > 0 FROM worker_imports WHERE id = @id", ("id", importId)),
                MiddlePatience, "the import to have read part of its file");
            Phase("middle seen");
            await registry.KillAsync();
            Phase("killed");

            Assert.InRange(await registry.ScalarAsync<int>("SELECT rows_done FROM worker_imports WHERE id = @id", ("id", importId)), 1, Rows - 1);
            Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE import_id = @id", ("id", importId)));

            await registry.StartAsync();
            Phase("restarted");
            await Poll.UntilAsync(
                async () => await registry.ScalarAsync<string>("SELECT status FROM worker_imports WHERE id = @id", ("id", importId)) is "Completed" or "Failed",
                CompletionPatience, "the restarted Registry to finish the import");
            Phase("completed");

            Assert.Equal(
                $"Completed attempts=2 rows={Rows} accepted={Accepted} rejected={Rejected}",
                await registry.ScalarAsync<string>("""
                    SELECT status || ' attempts=' || attempts || ' rows=' || rows_done || ' accepted=' || accepted || ' rejected=' || rejected
                    FROM worker_imports WHERE id = @id
                    """, ("id", importId)));
            Assert.Equal(
                $"workers={Accepted} niks={Accepted} rejections={Rejected} events={EventsOf1000Workers} audits=1",
                await registry.ScalarAsync<string>("""
                    SELECT 'workers=' || count(*) || ' niks=' || count(DISTINCT nik)
                        || ' rejections=' || (SELECT count(*) FROM worker_import_rejections WHERE import_id = @id)
                        || ' events=' || (SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.WorkersImported')
                        || ' audits=' || (SELECT count(*) FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id)
                    FROM workers WHERE import_id = @id
                    """, ("id", importId)));

            // The events' effect, once: Funding's copy of the registry holds each imported worker once.
            var funding = fixture.Services.Funding;
            await Poll.UntilAsync(
                async () => await funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers") >= Accepted,
                CompletionPatience, "Funding to receive the imported workers");
            Phase("consumed");
            Assert.Equal(Accepted, await funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers"));
            Assert.Equal(EventsOf1000Workers, await funding.ScalarAsync<long>(
                "SELECT count(*) FROM inbox_messages WHERE consumer = 'WorkersImportedConsumer'"));
        }
        finally
        {
            await RestartIfKilledAsync(registry);
        }
    }

    [Fact]
    public async Task An_outbox_killed_midway_through_its_dispatch_sends_the_rest_on_restart_and_each_event_takes_effect_once()
    {
        const int Events = 600;
        var funding = fixture.Services.Funding;
        var billing = fixture.Services.Billing;
        try
        {
            // Allocations of February and March 2025, which no billing run of these tests bills.
            Assert.Equal(Events, await funding.ScalarAsync<long>("""
                WITH seeded AS (
                    INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at)
                    SELECT gen_random_uuid(), 'PijarSemar.Contracts.Events.FundingAllocated',
                           jsonb_build_object('allocationId', md5('outbox-allocation' || i)::uuid, 'workerId', md5('outbox-worker' || i)::uuid,
                                              'fundingSourceId', md5('outbox-source')::uuid, 'sourceType', 'Apbd', 'sponsorId', NULL,
                                              'startPeriod', '2025-02', 'endPeriod', '2025-03', 'fiscalYear', 2025, 'version', 1,
                                              'occurredAt', now()),
                           now(), now()
                    FROM generate_series(1, @events) AS i
                    RETURNING 1
                )
                SELECT count(*) FROM seeded
                """, ("events", Events)));

            const string Dispatch = """
                SELECT count(*) FILTER (WHERE published_at IS NOT NULL) AS published,
                       count(*) FILTER (WHERE published_at IS NULL AND lease_owner IS NOT NULL) AS leased
                FROM outbox_messages WHERE message_type LIKE '%.FundingAllocated'
                """;
            await Poll.UntilAsync(
                () => funding.ScalarAsync<bool>($"SELECT published > 0 AND leased > 0 FROM ({Dispatch}) AS dispatch"),
                MiddlePatience, "the outbox to have published some rows and leased others");
            Phase("middle seen");
            await funding.KillAsync();
            Phase("killed");

            Assert.InRange(await funding.ScalarAsync<long>($"SELECT published FROM ({Dispatch}) AS dispatch"), 1, Events - 1);

            await funding.StartAsync();
            Phase("restarted");
            await Poll.UntilAsync(
                async () => await funding.ScalarAsync<long>($"SELECT published FROM ({Dispatch}) AS dispatch") == Events,
                CompletionPatience, "the restarted Funding to publish the rest, the leased rows included");
            Phase("published");
            Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE dead_at IS NOT NULL"));

            await Poll.UntilAsync(
                async () => await billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations WHERE start_month = '2025-02-01'") >= Events,
                CompletionPatience, "Billing to receive every allocation");
            Phase("consumed");
            Assert.Equal(
                $"allocations={Events} versions=1 deliveries={Events}",
                await billing.ScalarAsync<string>("""
                    SELECT 'allocations=' || count(*) || ' versions=' || string_agg(DISTINCT version::text, ',')
                        || ' deliveries=' || (SELECT count(*) FROM inbox_messages WHERE consumer = 'FundingAllocatedConsumer')
                    FROM funded_allocations WHERE start_month = '2025-02-01'
                    """));
        }
        finally
        {
            await RestartIfKilledAsync(funding);
        }
    }

    /// <summary>Timestamps in the test output: where a slow or failed run spent its time (a restart takes most).</summary>
    private void Phase(string what) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");

    /// <summary>So a test that failed between its kill and its restart leaves the next a whole stack.</summary>
    private static async Task RestartIfKilledAsync(ProcessService service)
    {
        if (!service.IsRunning)
        {
            await service.StartAsync();
        }
    }

    /// <summary>Valid rows of distinct NIKs, every <paramref name="rejectEvery"/>th in an unknown kecamatan.</summary>
    private static string ImportFile(int rows, int rejectEvery)
    {
        var file = new StringBuilder("nik,fullName,birthDate,sex,kecamatan,occupationCode\n");
        var firstBirthday = new DateOnly(1975, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var born = firstBirthday.AddDays(i % 3_650);
            var nik = WorkerSamples.NikFor(born, "Male", serial: i / 16 + 1, district: i % 16 + 1);
            var kecamatan = (i + 1) % rejectEvery == 0 ? "Atlantis" : "Semarang Tengah";
            file.Append(CultureInfo.InvariantCulture, $"{nik},Budi Santoso,{born:yyyy-MM-dd},Male,{kecamatan},tukang-becak\n");
        }

        return file.ToString();
    }

    /// <summary>
    /// One stack for the three kills, each of another service and other data, with its broker of
    /// its own; short retry and lease times so a restarted service resumes within seconds.
    /// </summary>
    public sealed class OwnBrokerServices : IAsyncLifetime
    {
        private ProcessStack? services;

        public ProcessStack Services => services ?? throw new InvalidOperationException("The stack has not started.");

        public async Task InitializeAsync() => services = await ProcessStack.StartWithOwnBrokerAsync(
            ("Billing:Runs:PollInterval", "00:00:01"),
            ("Registry:Imports:PollInterval", "00:00:01"),
            ("Registry:Imports:ProgressEveryRows", "250"),
            ("Outbox:BatchSize", "64"),
            ("Outbox:PublishTimeout", "00:00:03"),
            ("Outbox:LeaseDuration", "00:00:05"));

        public Task DisposeAsync() => services?.DisposeAsync() ?? Task.CompletedTask;
    }
}
