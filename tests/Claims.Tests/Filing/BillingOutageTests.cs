using System.Net;
using PijarSemar.Claims.Apis;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>
/// Billing unreachable, stopping mid-call, or too slow: the claim is filed all the same with coverage
/// Unknown, the officer is told, and the background check resolves it once Billing answers.
/// </summary>
public sealed class BillingOutageTests(BillingOutageFixture stack) : IClassFixture<BillingOutageFixture>
{
    private readonly HttpClient _officer = stack.ClaimsAs(Roles.ClaimsOfficer);

    [Fact]
    public async Task While_Billing_is_down_a_claim_is_filed_Unknown_and_the_background_check_resolves_it_once_Billing_is_back()
    {
        var worker = await stack.KnownWorkerAsync();
        var month = FilingTestData.CurrentPeriod.AddMonths(-1);
        var invoice = await stack.BilledAsync(worker, month, paid: true);
        ClaimDetails claim;
        stack.BillingLine.Down();
        try
        {
            claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, month.FirstDay))).FiledAsync();

            Assert.Equal(("Unknown", ClaimCoverage.UnknownNote), (claim.Coverage.Status, claim.Coverage.Note));
            Assert.NotNull(claim.Coverage.NextCheckAt);
            Assert.Equal("Billing could not be reached.", Assert.Single(claim.Coverage.Checks).Failure);
            Assert.Equal("Unknown", await stack.ClaimsScalarAsync<string>(
                "SELECT payload->>'coverageStatus' FROM outbox_messages WHERE message_type LIKE '%ClaimSubmitted%' AND payload->>'claimId' = @c::text", ("c", claim.Id)));

            // Still down: the background check asks again, records each failure and backs off.
            await Eventually.ReturnsAsync(
                async () => await stack.ClaimsScalarAsync<int>("SELECT coverage_attempts FROM claims WHERE id = @c", ("c", claim.Id)) >= 2 ? "retried" : null,
                TimeSpan.FromSeconds(30), "a second unanswered check");
        }
        finally
        {
            stack.BillingLine.Up();
        }

        // Once Billing is back (and the circuit breaker has let a call through again), the answer is kept.
        await ResolvedAsync(claim.Id, "Covered");
        Assert.Equal(invoice, await stack.ClaimsScalarAsync<Guid>("SELECT coverage_invoice_id FROM claims WHERE id = @c", ("c", claim.Id)));
        Assert.True(await stack.ClaimsScalarAsync<bool>(
            "SELECT coverage_recheck_at IS NULL AND coverage_attempts = 0 FROM claims WHERE id = @c", ("c", claim.Id)));
        Assert.True(await stack.ClaimsScalarAsync<long>(
            "SELECT count(*) FROM claim_coverage_checks WHERE claim_id = @c AND status = 'Unknown' AND failure IS NOT NULL", ("c", claim.Id)) >= 2);
        Assert.Equal("system:coverage-recheck", await stack.ClaimsScalarAsync<string>(
            "SELECT checked_by FROM claim_coverage_checks WHERE claim_id = @c AND status = 'Covered'", ("c", claim.Id)));
        Assert.Equal("system:coverage-recheck", await stack.ClaimsScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE entity_id = @c AND action = 'CoverageChecked' AND after->>'status' = 'Covered'", ("c", claim.Id)));
    }

    [Fact]
    public async Task Billing_stopping_while_it_answers_still_files_the_claim_Unknown_and_the_answer_comes_later()
    {
        var worker = await stack.KnownWorkerAsync();
        var month = FilingTestData.CurrentPeriod.AddMonths(-1);
        await stack.BilledAsync(worker, month, paid: false);
        stack.BillingHold.Arm(worker);
        Task<HttpResponseMessage> filing;
        try
        {
            filing = _officer.FileAsync(FilingTestData.Filing(worker, month.FirstDay));
            await stack.BillingHold.Arrived.WaitAsync(TimeSpan.FromSeconds(20));
            stack.BillingLine.Down();
            stack.BillingHold.Release();
            var claim = await (await filing).FiledAsync();

            Assert.Equal(("Unknown", ClaimCoverage.UnknownNote), (claim.Coverage.Status, claim.Coverage.Note));
        }
        finally
        {
            stack.BillingHold.Release();
            stack.BillingLine.Up();
        }

        await ResolvedAsync((await (await filing).FiledAsync()).Id, "PendingPayment");
    }

    [Fact]
    public async Task Billing_too_slow_to_answer_files_the_claim_Unknown_within_the_call_timeout()
    {
        var worker = await stack.KnownWorkerAsync();
        stack.BillingHold.Arm(worker);
        try
        {
            var started = DateTime.UtcNow;
            var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker, FilingTestData.Today))).FiledAsync();

            // Without its own budget the filing would wait out four 10 s attempts; a cold host on a busy machine needs some of the margin.
            Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(20));
            Assert.Equal("Unknown", claim.Coverage.Status);
            Assert.StartsWith("Billing did not answer within 2 s", claim.Coverage.Checks[0].Failure, StringComparison.Ordinal);
        }
        finally
        {
            stack.BillingHold.Release();
        }
    }

    private Task ResolvedAsync(Guid claimId, string status) => Eventually.ReturnsAsync(
        async () => await stack.ClaimsScalarAsync<string>("SELECT coverage_status FROM claims WHERE id = @c", ("c", claimId)) == status ? status : null,
        TimeSpan.FromSeconds(45), $"the background check to find {status}");
}
