using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Apis;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>Filing against the real Billing: its answer at the incident date is kept on the claim and in the check history.</summary>
public sealed class FilingCoverageTests(FilingFixture stack) : IClassFixture<FilingFixture>
{
    private readonly HttpClient _officer = stack.ClaimsAs(Roles.ClaimsOfficer, "officer-ani");

    [Fact]
    public async Task A_worker_whose_month_is_paid_is_filed_Covered_with_checklist_first_transition_check_audit_and_event()
    {
        var worker = await stack.KnownWorkerAsync(kecamatan: "Semarang Utara");
        var month = FilingTestData.CurrentPeriod.AddMonths(-1);
        var invoice = await stack.BilledAsync(worker, month, paid: true);

        var response = await _officer.FileAsync(FilingTestData.Filing(worker, month.FirstDay.AddDays(9)));
        var claim = await response.FiledAsync();

        Assert.Equal($"/api/v1/claims/{claim.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Submitted", "Jkk", 1L, "Semarang Utara", "officer-ani"), (claim.Status, claim.Type, claim.Version, claim.Kecamatan, claim.FiledBy));
        Assert.Equal(("Covered", month.ToString(), (Guid?)invoice, (string?)null, (DateTimeOffset?)null),
            (claim.Coverage.Status, claim.Coverage.Period, claim.Coverage.InvoiceId, claim.Coverage.Note, claim.Coverage.NextCheckAt));
        Assert.Equal(["AccidentReport", "MedicalRecords", "Ktp"], claim.Documents.Select(d => d.Code));
        Assert.All(claim.Documents, d => Assert.False(d.Received));
        var first = Assert.Single(claim.History);
        Assert.Equal((1, (string?)null, "Submitted", "officer-ani", (string?)null), (first.Seq, first.From, first.To, first.Actor, first.Note));
        Assert.Equal(("Covered", "officer-ani"), (Assert.Single(claim.Coverage.Checks).Status, claim.Coverage.Checks[0].CheckedBy));

        Assert.Equal("Covered", await stack.ClaimsScalarAsync<string>(
            "SELECT status FROM claim_coverage_checks WHERE claim_id = @c AND invoice_id = @i AND failure IS NULL", ("c", claim.Id), ("i", invoice)));
        Assert.Equal(3L, await stack.ClaimsScalarAsync<long>("SELECT count(*) FROM claim_documents WHERE claim_id = @c AND received_at IS NULL", ("c", claim.Id)));
        Assert.Equal("Covered", await stack.ClaimsScalarAsync<string>(
            "SELECT payload->>'coverageStatus' FROM outbox_messages WHERE message_type LIKE '%ClaimSubmitted%' AND payload->>'claimId' = @c::text", ("c", claim.Id)));
        Assert.Equal("officer-ani", await stack.ClaimsScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE entity_type = 'claim' AND entity_id = @c AND action = 'Filed'", ("c", claim.Id)));
    }

    [Fact]
    public async Task A_billed_unpaid_month_is_filed_PendingPayment_and_asked_again_daily_until_a_payment_makes_it_Covered()
    {
        var worker = await stack.KnownWorkerAsync();
        var month = FilingTestData.CurrentPeriod.AddMonths(-1);
        var invoice = await stack.BilledAsync(worker, month, paid: false);

        var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, month.LastDay, type: "jkm"))).FiledAsync();

        Assert.Equal(("Jkm", "PendingPayment", (Guid?)invoice), (claim.Type, claim.Coverage.Status, claim.Coverage.InvoiceId));
        Assert.Equal(["DeathCertificate", "FamilyCard", "HeirsKtp", "ParticipantCard"], claim.Documents.Select(d => d.Code));
        Assert.InRange(claim.Coverage.NextCheckAt!.Value - claim.Coverage.CheckedAt, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));

        var paid = await stack.Billing(Roles.Finance).PostAsJsonAsync(
            $"/api/v1/invoices/{invoice}/payments", new RecordPaymentRequest(16_800, FilingTestData.Today, "BANK-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var rechecked = await _officer.PostAsync($"/api/v1/claims/{claim.Id}/coverage-checks", null);
        var after = (await rechecked.Content.ReadFromJsonAsync<ClaimDetails>())!;

        Assert.Equal(HttpStatusCode.OK, rechecked.StatusCode);
        Assert.Equal(("Covered", (DateTimeOffset?)null), (after.Coverage.Status, after.Coverage.NextCheckAt));
        Assert.Equal(["PendingPayment", "Covered"], after.Coverage.Checks.Select(c => c.Status));
        Assert.Equal(1L, await stack.ClaimsScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @c AND action = 'CoverageChecked' AND after->>'status' = 'Covered'", ("c", claim.Id)));
    }

    [Fact]
    public async Task A_month_Billing_never_billed_is_filed_NotCovered_and_not_asked_about_again()
    {
        var worker = await stack.KnownWorkerAsync();
        await stack.BilledAsync(worker, FilingTestData.CurrentPeriod.AddMonths(-2), paid: true);

        var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, FilingTestData.CurrentPeriod.AddMonths(-1).FirstDay))).FiledAsync();

        Assert.Equal(("NotCovered", (Guid?)null, (DateTimeOffset?)null), (claim.Coverage.Status, claim.Coverage.InvoiceId, claim.Coverage.NextCheckAt));
        Assert.True(await stack.ClaimsScalarAsync<bool>("SELECT coverage_recheck_at IS NULL FROM claims WHERE id = @c", ("c", claim.Id)));
    }

    [Fact]
    public async Task A_month_left_unpaid_past_the_arrears_window_is_filed_Lapsed()
    {
        var worker = await stack.KnownWorkerAsync();
        var month = FilingTestData.CurrentPeriod.AddMonths(-5);
        await stack.BilledAsync(worker, month, paid: false);

        var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, month.FirstDay))).FiledAsync();

        Assert.Equal(("Lapsed", (DateTimeOffset?)null), (claim.Coverage.Status, claim.Coverage.NextCheckAt));
    }

    [Fact]
    public async Task Asking_again_about_an_unknown_claim_is_a_404_and_only_claims_officers_may()
    {
        var missing = await _officer.PostAsync($"/api/v1/claims/{Guid.NewGuid()}/coverage-checks", null);
        var operatorAsks = await stack.ClaimsAs(Roles.Operator).PostAsync($"/api/v1/claims/{Guid.NewGuid()}/coverage-checks", null);

        Assert.Equal("Claim not found.", (await missing.ProblemAsync(HttpStatusCode.NotFound)).Title());
        Assert.Equal(HttpStatusCode.Forbidden, operatorAsks.StatusCode);
    }

    [Fact]
    public async Task Asking_again_about_a_closed_claim_is_a_409()
    {
        var worker = await stack.KnownWorkerAsync();
        var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, FilingTestData.Today.AddDays(-3)))).FiledAsync();
        await stack.ClaimsScalarAsync<object>(
            "UPDATE claims SET status = 'Rejected', closed_at = now() WHERE id = @c RETURNING id", ("c", claim.Id));

        var response = await _officer.PostAsync($"/api/v1/claims/{claim.Id}/coverage-checks", null);

        Assert.Equal("Claim is closed.", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title());
    }
}
