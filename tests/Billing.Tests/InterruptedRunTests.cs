using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Billing.Runs;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Billing.Tests;

public sealed class InterruptedRunTests(PatientBillingFixture billing) : IClassFixture<PatientBillingFixture>
{
    private readonly HttpClient _finance = billing.ClientAs(Roles.Finance);

    /// <summary>
    /// A trigger makes every attempt fail after its invoices and lines are written (at the first
    /// event into the outbox), as a crash half-way would. While it fails nothing of the run is
    /// visible; once it is gone the next attempt bills everything exactly once.
    /// </summary>
    [Fact]
    public async Task A_run_that_fails_after_writing_its_lines_leaves_nothing_and_its_retry_bills_each_worker_once()
    {
        var month = new Period(2026, 2);
        await billing.FundAsync(25, Guid.NewGuid(), "Apbd", null, month);
        await billing.FundAsync(5, Guid.NewGuid(), "Csr", Guid.NewGuid(), month);
        await billing.ExecuteAsync("""
            CREATE FUNCTION crash_half_way() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT count(*) FROM invoice_lines WHERE period = '2026-02-01') > 0 THEN
                    RAISE EXCEPTION 'the instance died half-way through the run';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER crash_half_way BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION crash_half_way();
            """);

        var queued = (await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        var failing = await Eventually.ReturnsAsync(
            async () => await _finance.GetFromJsonAsync<BillingRunResponse>($"/api/v1/billing-runs/{queued.Id}") is { Attempts: >= 2 } run ? run : null,
            TimeSpan.FromSeconds(30),
            "two failed attempts");

        Assert.Equal("Running", failing.Status);
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoices WHERE run_id = @id", ("id", queued.Id)));
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));

        await billing.ExecuteAsync("DROP TRIGGER crash_half_way ON outbox_messages");
        var completed = await _finance.CompletedRunAsync(queued.Id);

        // The attempt counted when failing was read may be the one that succeeds (it was still on its way to the
        // outbox when the trigger went): at least one failed attempt came before the one that billed.
        Assert.True(completed.Attempts >= Math.Max(2, failing.Attempts), $"{completed.Attempts} attempts after {failing.Attempts}");
        Assert.Equal((2, 30, 30 * 16_800L), (completed.InvoiceCount, completed.LineCount, completed.Total));
        Assert.Equal(30L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));
        Assert.Equal(2L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'runId' = @run", ("run", queued.Id.ToString())));
    }

    /// <summary>A second replica's runner holds the run's lock: this one leaves it alone, and it is billed once when the lock is let go.</summary>
    [Fact]
    public async Task A_run_held_by_another_replica_is_not_run_here_until_its_lock_is_released()
    {
        var month = new Period(2026, 1);
        await billing.FundAsync(10, Guid.NewGuid(), "Dbhcht", null, month);
        var runId = Guid.CreateVersion7();
        // Not pooled: closing it must end the session, and its lock with it, as a dead replica's would.
        await using var replica = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(billing.ConnectionString) { Pooling = false }.ConnectionString);
        await replica.OpenAsync();

        // Taken before the run is queued, so this instance's runner never gets there first.
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock(33740101, hashtext('{BillingRunJob.KeyOf(runId)}'))", replica))
        {
            await take.ExecuteNonQueryAsync();
        }

        await billing.ExecuteAsync($"""
            INSERT INTO billing_runs (id, period, status, requested_by, requested_at)
            VALUES ('{runId}', '2026-01-01', 'Queued', 'other-replica', now())
            """);

        var posted = (await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(runId, posted.Id);
        Assert.Equal(("Queued", 0L), (await billing.ScalarAsync<string>("SELECT status FROM billing_runs WHERE id = @id", ("id", runId)),
            await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay))));

        await replica.CloseAsync();
        var run = await _finance.CompletedRunAsync(runId);

        Assert.Equal((1, 10, 1), (run.InvoiceCount, run.LineCount, run.Attempts));
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));
    }

    /// <summary>
    /// A run pricing its month holds the tariff lock shared until it commits; a tariff for that
    /// month waits for it and then finds the month billed, instead of committing beside it.
    /// </summary>
    [Fact]
    public async Task A_tariff_for_a_month_being_billed_waits_for_the_run_and_is_then_refused()
    {
        await using var run = new NpgsqlConnection(billing.ConnectionString);
        await run.OpenAsync();
        await using var transaction = await run.BeginTransactionAsync();
        await using (var pricing = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock_shared(33740201, 1); INSERT INTO billing_runs (id, period, status, requested_by, requested_at) VALUES (gen_random_uuid(), '2026-11-01', 'Running', 'test', now())",
            run, transaction))
        {
            await pricing.ExecuteNonQueryAsync();
        }

        var posting = _finance.PostAsJsonAsync(
            "/api/v1/tariffs", new { effectiveFrom = "2026-11", incomeBase = 2_000_000, jkkRate = 0.01m, jkmAmount = 6_800 });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(posting.IsCompleted, "the tariff did not wait for the run pricing its month");

        await transaction.CommitAsync();
        var problem = await (await posting).ProblemAsync(System.Net.HttpStatusCode.Conflict);

        Assert.Equal("Month already billed.", problem.Title());
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM tariffs WHERE effective_from = '2026-11'"));
    }
}
