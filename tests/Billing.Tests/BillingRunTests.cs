using PijarSemar.ServiceDefaults.Time;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Billing.Invoices;
using PijarSemar.Billing.Runs;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests;

/// <summary>Each test bills a month of its own, funded only by allocations of that month, so the tests of this class do not see each other's workers.</summary>
public sealed class BillingRunTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private readonly HttpClient _finance = billing.ClientAs(Roles.Finance);

    [Fact]
    public async Task A_run_bills_each_active_worker_once_in_one_invoice_per_source_for_apbd_and_dbhcht_and_per_sponsor_for_asn_and_csr()
    {
        var month = new Period(2026, 3);
        var (apbd, dbhcht, csr, asn) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (companyA, companyB, civilServant1, civilServant2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await billing.FundAsync(3, apbd, "Apbd", null, month.AddMonths(-2), month.AddMonths(6));
        await billing.FundAsync(2, dbhcht, "Dbhcht", null, month);
        await billing.FundAsync(2, csr, "Csr", companyA, month);
        await billing.FundAsync(1, csr, "Csr", companyB, month.AddMonths(-1), month);
        await billing.FundAsync(1, asn, "Asn", civilServant1, month, month.AddMonths(1));
        await billing.FundAsync(2, asn, "Asn", civilServant2, month);

        // Not active in the month: ended the month before, starting the month after, cancelled before it began.
        await billing.FundAsync(4, apbd, "Apbd", null, month.AddMonths(-3), month.AddMonths(-1));
        await billing.FundAsync(4, apbd, "Apbd", null, month.AddMonths(1), month.AddMonths(3));
        await billing.FundAsync(4, dbhcht, "Dbhcht", null, month, month.AddMonths(-1));

        await using var events = await IssuedInvoices.ListenAsync(billing.Factory.Services);
        var response = await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month.ToString() });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = (await response.Content.ReadFromJsonAsync<BillingRunResponse>())!;
        Assert.Equal(month, queued.Period);
        Assert.Equal($"/api/v1/billing-runs/{queued.Id}", response.Headers.Location?.OriginalString);

        var run = await _finance.CompletedRunAsync(queued.Id);
        Assert.Equal((6, 11, 11 * 16_800L, 16_800L, "2025-01"), (run.InvoiceCount, run.LineCount, run.Total, run.Amount!.Value, run.TariffFrom));

        var invoices = (await _finance.GetFromJsonAsync<Page<InvoiceResponse>>($"/api/v1/invoices?period={month}"))!.Items;
        var perPayer = invoices.ToDictionary(i => (i.FundingSourceId, i.SponsorId), i => (i.SourceType, i.LineCount, i.Total.Amount, i.Status));
        Assert.Equal(6, perPayer.Count);
        Assert.Equal(("Apbd", 3, 3 * 16_800L, "Issued"), perPayer[(apbd, null)]);
        Assert.Equal(("Dbhcht", 2, 2 * 16_800L, "Issued"), perPayer[(dbhcht, null)]);
        Assert.Equal(("Csr", 2, 2 * 16_800L, "Issued"), perPayer[(csr, companyA)]);
        Assert.Equal(("Csr", 1, 16_800L, "Issued"), perPayer[(csr, companyB)]);
        Assert.Equal(("Asn", 1, 16_800L, "Issued"), perPayer[(asn, civilServant1)]);
        Assert.Equal(("Asn", 2, 2 * 16_800L, "Issued"), perPayer[(asn, civilServant2)]);
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));

        var issued = await events.ForRunAsync(run.Id, 6);
        Assert.Equal(6, issued.Count);
        Assert.Equal(
            invoices.Select(i => (i.Id, i.Period, i.FundingSourceId, i.SourceType, i.SponsorId, i.LineCount, i.Total, 1L)).Order(),
            issued.Select(e => (e.InvoiceId, e.Period, e.FundingSourceId, e.SourceType, e.SponsorId, e.LineCount, e.Total, e.Version)).Order());
        Assert.Equal(6L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'runId' = @run", ("run", run.Id.ToString())));
    }

    [Fact]
    public async Task Asking_again_for_a_completed_period_answers_200_with_the_same_run_and_bills_nothing_more()
    {
        var month = new Period(2026, 4);
        await billing.FundAsync(5, Guid.NewGuid(), "Apbd", null, month);
        var first = (await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        await _finance.CompletedRunAsync(first.Id);

        // An allocation arriving after the month was billed is not billed by asking again.
        await billing.FundAsync(2, Guid.NewGuid(), "Apbd", null, month);
        var again = await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var run = (await again.Content.ReadFromJsonAsync<BillingRunResponse>())!;
        Assert.Equal((first.Id, "Completed", 5, 1), (run.Id, run.Status, run.LineCount, run.Attempts));
        Assert.Equal(5L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal(1L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'Requested'", ("id", run.Id)));
        Assert.Equal(1L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'Completed'", ("id", run.Id)));
    }

    [Fact]
    public async Task Eight_requests_at_once_get_one_run_and_leave_one_line_per_worker()
    {
        var month = new Period(2026, 5);
        var workers = await billing.FundAsync(40, Guid.NewGuid(), "Asn", Guid.NewGuid(), month);
        await billing.FundAsync(30, Guid.NewGuid(), "Apbd", null, month);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            billing.ClientAs(Roles.Finance).PostAsJsonAsync("/api/v1/billing-runs", new { period = month })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<BillingRunResponse>())!.Id));
        var runId = Assert.Single(ids.Distinct());
        var run = await _finance.CompletedRunAsync(runId);
        Assert.Equal((2, 70), (run.InvoiceCount, run.LineCount));
        Assert.Equal(1L, await billing.ScalarAsync<long>("SELECT count(*) FROM billing_runs WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal(70L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));
        Assert.Equal(1L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM invoice_lines WHERE worker_id = @w AND period = @p", ("w", workers[0]), ("p", month.FirstDay)));

        // Whatever code might try, the database itself refuses a second line for a worker and month.
        var second = await Assert.ThrowsAsync<PostgresException>(() => billing.ExecuteAsync(
            $"INSERT INTO invoice_lines SELECT worker_id, period, invoice_id, allocation_id, amount FROM invoice_lines WHERE worker_id = '{workers[0]}'"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, second.SqlState);
    }

    [Fact]
    public async Task A_worker_still_holding_two_allocations_for_the_month_is_billed_once_to_the_latest_started()
    {
        var month = new Period(2026, 8);
        var (oldSource, newSource) = (Guid.NewGuid(), Guid.NewGuid());
        var workers = await billing.FundAsync(3, oldSource, "Apbd", null, month.AddMonths(-2), month);

        // The new allocation has arrived; the old one's end (before this month) has not yet.
        await billing.ExecuteAsync($"""
            INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, start_month, end_month, version, updated_at)
            SELECT gen_random_uuid(), worker_id, '{newSource}', 'Dbhcht', '{month.FirstDay:yyyy-MM-dd}', '{month.FirstDay:yyyy-MM-dd}', 1, now()
            FROM funded_allocations WHERE funding_source_id = '{oldSource}'
            """);
        var queued = (await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        var run = await _finance.CompletedRunAsync(queued.Id);

        Assert.Equal((1, 3), (run.InvoiceCount, run.LineCount));
        var invoice = Assert.Single((await _finance.GetFromJsonAsync<Page<InvoiceResponse>>($"/api/v1/invoices?period={month}"))!.Items);
        Assert.Equal((newSource, 3), (invoice.FundingSourceId, invoice.LineCount));
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));
        Assert.Equal(3L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM invoice_lines WHERE worker_id = ANY(@w) AND period = @p", ("w", workers.ToArray()), ("p", month.FirstDay)));
    }

    [Fact]
    public async Task A_run_and_its_invoices_can_be_read_back_by_id_by_period_and_line_by_line()
    {
        var month = new Period(2026, 6);
        var sponsor = Guid.NewGuid();
        var workers = await billing.FundAsync(5, Guid.NewGuid(), "Csr", sponsor, month);
        var queued = (await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        await _finance.CompletedRunAsync(queued.Id);

        var byPeriod = (await _finance.GetFromJsonAsync<Page<BillingRunResponse>>($"/api/v1/billing-runs?period={month}"))!;
        Assert.Equal(queued.Id, Assert.Single(byPeriod.Items).Id);
        var invoice = Assert.Single((await _finance.GetFromJsonAsync<Page<InvoiceResponse>>(
            $"/api/v1/invoices?sponsorId={sponsor}&status=Issued"))!.Items);
        var same = await billing.ClientAs(Roles.BpjsIntegration).GetFromJsonAsync<InvoiceResponse>($"/api/v1/invoices/{invoice.Id}");
        Assert.Equal((invoice.Total, new Rupiah(0), invoice.Total), (same!.Total, same.Paid, same.Outstanding));

        var seen = new List<InvoiceLineResponse>();
        string? cursor = null;
        do
        {
            var page = (await _finance.GetFromJsonAsync<Page<InvoiceLineResponse>>(
                $"/api/v1/invoices/{invoice.Id}/lines?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(workers.Order(), seen.Select(l => l.WorkerId).Order());
        Assert.All(seen, l => Assert.Equal((month, new Rupiah(16_800)), (l.Period, l.Amount)));
        Assert.Equal(invoice.Total, Rupiah.Sum(seen.Select(l => l.Amount)));
    }

    [Fact]
    public async Task A_period_after_the_current_month_in_semarang_is_refused_with_the_reason_and_nothing_is_queued()
    {
        var next = SemarangTime.CurrentPeriod(TimeProvider.System).Next();

        var problem = await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = next })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Period in the future.", problem.Title());
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM billing_runs WHERE period = @p", ("p", next.FirstDay)));
    }

    [Fact]
    public async Task A_period_before_the_program_start_is_refused_with_the_reason()
    {
        var problem = await (await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = "2024-12" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Period before the program start.", problem.Title());
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM billing_runs WHERE period = '2024-12-01'"));
    }

    [Theory]
    [InlineData("""{ "period": "2026-13" }""")]
    [InlineData("""{ "period": "2026-03-01" }""")]
    [InlineData("""{ "period": 202603 }""")]
    [InlineData("""{ }""")]
    public async Task A_missing_or_malformed_period_is_a_400_naming_period(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        await (await _finance.PostAsync("/api/v1/billing-runs", content)).FieldsAsync("period");
    }

    [Fact]
    public async Task Only_finance_runs_billing()
    {
        var response = await billing.ClientAs(Roles.Operator).PostAsJsonAsync("/api/v1/billing-runs", new { period = "2026-07" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_sponsor_token_cannot_read_the_invoice_list_or_the_runs()
    {
        var sponsor = billing.ClientAs(Roles.Sponsor);

        Assert.Equal(HttpStatusCode.Forbidden, (await sponsor.GetAsync("/api/v1/invoices")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sponsor.GetAsync("/api/v1/billing-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await billing.AnonymousClient().GetAsync("/api/v1/invoices")).StatusCode);
    }

    [Fact]
    public async Task Invoice_filters_that_cannot_be_read_are_400s_naming_them_and_an_unknown_invoice_is_404()
    {
        await (await _finance.GetAsync("/api/v1/invoices?status=Overdue")).FieldsAsync("status");
        await (await _finance.GetAsync("/api/v1/invoices?period=2026-3")).FieldsAsync("period");
        await (await _finance.GetAsync($"/api/v1/invoices/{Guid.NewGuid()}/lines?cursor=abc")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _finance.GetAsync($"/api/v1/invoices/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _finance.GetAsync($"/api/v1/billing-runs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }
}
