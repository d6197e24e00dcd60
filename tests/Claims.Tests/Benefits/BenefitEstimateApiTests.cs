using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PijarSemar.Claims.Benefits;
using PijarSemar.Claims.Domain;
using PijarSemar.Claims.Tests.Reading;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Benefits;

public sealed class BenefitEstimateApiTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer);

    private async Task<JsonElement> EstimateAsync(string type)
    {
        var claim = await ClaimRows.InsertAsync(claims.ConnectionString, new SeededClaim { Type = type });
        var estimate = await _officer.GetFromJsonAsync<JsonElement>($"/api/v1/claims/{claim.Id}/benefit-estimate");
        Assert.Equal(claim.Id, estimate.GetProperty("claimId").GetGuid());
        return estimate;
    }

    private static IEnumerable<(string?, long?)> Lines(JsonElement estimate) =>
        estimate.GetProperty("lines").EnumerateArray().Select(l => (
            l.GetProperty("code").GetString(),
            l.GetProperty("amount").ValueKind == JsonValueKind.Null ? (long?)null : l.GetProperty("amount").GetInt64()));

    [Fact]
    public async Task A_JKM_claim_is_estimated_at_42_million_rupiah_and_labelled_as_an_estimate()
    {
        var estimate = await EstimateAsync(ClaimType.Jkm);

        Assert.Equal("Jkm", estimate.GetProperty("type").GetString());
        Assert.True(estimate.GetProperty("isEstimate").GetBoolean());
        Assert.Equal("Estimate from the configured benefit schedule; BPJS Ketenagakerjaan decides the amount paid.", estimate.GetProperty("label").GetString());
        Assert.Equal(
            [("JkmLumpSum", 20_000_000L), ("PeriodicBenefit", 12_000_000L), ("FuneralCosts", 10_000_000L), ("Scholarship", (long?)null)],
            Lines(estimate));
        Assert.Equal("Only after at least 36 months of contributions.", estimate.GetProperty("lines")[3].GetProperty("condition").GetString());
        Assert.Equal(42_000_000, estimate.GetProperty("knownTotal").GetInt64());
    }

    [Fact]
    public async Task A_JKK_claim_is_estimated_per_month_of_the_declared_income_with_no_known_total()
    {
        var estimate = await EstimateAsync(ClaimType.Jkk);

        Assert.Equal(1_000_000, estimate.GetProperty("declaredMonthlyIncome").GetInt64());
        Assert.Equal(
            [
                ("MedicalCare", (long?)null), ("TemporaryDisabilityPay", 1_000_000L), ("TemporaryDisabilityReducedPay", 500_000L),
                ("WorkAccidentDeath", 48_000_000L), ("WorkAccidentDeathPeriodicBenefit", 12_000_000L),
                ("WorkAccidentDeathFuneralCosts", 10_000_000L), ("ReturnToWork", null),
            ],
            Lines(estimate));
        Assert.Equal("Month", estimate.GetProperty("lines")[1].GetProperty("per").GetString());
        Assert.Equal(JsonValueKind.Null, estimate.GetProperty("knownTotal").ValueKind);
    }

    [Fact]
    public async Task The_estimate_of_an_unknown_claim_is_a_404()
    {
        var response = await _officer.GetAsync($"/api/v1/claims/{Guid.NewGuid()}/benefit-estimate");

        Assert.Equal("Claim not found.", (await response.ProblemAsync(HttpStatusCode.NotFound)).Title());
    }

    [Theory]
    [InlineData(Roles.Auditor, HttpStatusCode.OK)]
    [InlineData(Roles.Operator, HttpStatusCode.OK)]
    [InlineData(Roles.Sponsor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Finance, HttpStatusCode.Forbidden)]
    public async Task The_estimate_is_read_like_the_claim(string role, HttpStatusCode expected)
    {
        var claim = await ClaimRows.InsertAsync(claims.ConnectionString, new SeededClaim());

        var response = await claims.ClientAs(role).GetAsync($"/api/v1/claims/{claim.Id}/benefit-estimate");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_estimate_needs_a_token()
    {
        var response = await claims.AnonymousClient().GetAsync($"/api/v1/claims/{Guid.NewGuid()}/benefit-estimate");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Claims:Benefits:FuneralCosts", "10000000.5", "Claims:Benefits: FuneralCosts must be a whole number of rupiah of at least 0, not 10000000.5.")]
    [InlineData("Claims:Benefits:JkmLumpSum", "-20000000", "Claims:Benefits: JkmLumpSum must be a whole number of rupiah of at least 0, not -20000000.")]
    [InlineData("Claims:Benefits:FullPayPercent", "101", "Claims:Benefits: FullPayPercent must be a whole number from 0 to 100, not 101.")]
    public void A_bad_benefit_schedule_stops_the_service_at_start_naming_the_setting(string key, string value, string reason)
    {
        using var factory = claims.Factory.WithWebHostBuilder(web => web.UseSetting(key, value));

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(reason, refused.Failures);
    }
}
