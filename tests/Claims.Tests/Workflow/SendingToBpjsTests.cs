using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>A claim goes to BPJS Ketenagakerjaan only with its whole checklist and a worker covered on the incident date.</summary>
public sealed class SendingToBpjsTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly SeededClaims _seeded = new(claims);
    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer);

    [Theory]
    [InlineData(ClaimType.Jkk, new[] { "AccidentReport", "MedicalRecords", "Ktp" })]
    [InlineData(ClaimType.Jkm, new[] { "DeathCertificate", "FamilyCard", "HeirsKtp", "ParticipantCard" })]
    public async Task A_claim_without_its_documents_is_a_422_listing_them_and_writes_nothing(string type, string[] missing)
    {
        var id = await VerifiedAsync(await _seeded.SubmittedAsync(type, CoverageStatus.Covered, documentsReceived: false));
        var before = await _seeded.FootprintAsync(id);

        var problem = await (await SendAsync(id)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Not ready for BPJS.", problem.Title());
        Assert.Equal(missing, problem.GetProperty("missingDocuments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(CoverageStatus.Covered, problem.GetProperty("coverageStatus").GetString());
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task Only_the_documents_still_missing_are_listed()
    {
        var id = await VerifiedAsync(await _seeded.SubmittedAsync(ClaimType.Jkk, CoverageStatus.Covered, documentsReceived: true));
        await claims.ScalarAsync<int>(
            "UPDATE claim_documents SET received_at = NULL, received_by = NULL, reference = NULL WHERE claim_id = @id AND code = 'MedicalRecords' RETURNING 1",
            ("id", id));

        var problem = await (await SendAsync(id)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["MedicalRecords"], problem.GetProperty("missingDocuments").EnumerateArray().Select(d => d.GetString()));
    }

    [Theory]
    [InlineData(CoverageStatus.PendingPayment)]
    [InlineData(CoverageStatus.NotCovered)]
    [InlineData(CoverageStatus.Lapsed)]
    [InlineData(CoverageStatus.Unknown)]
    public async Task A_complete_claim_without_coverage_on_the_incident_date_is_a_422_and_writes_nothing(string coverage)
    {
        var id = await VerifiedAsync(await _seeded.SubmittedAsync(ClaimType.Jkm, coverage, documentsReceived: true));
        var before = await _seeded.FootprintAsync(id);

        var problem = await (await SendAsync(id)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Empty(problem.GetProperty("missingDocuments").EnumerateArray());
        Assert.Equal(coverage, problem.GetProperty("coverageStatus").GetString());
        Assert.Contains(coverage, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task Missing_documents_and_coverage_are_reported_together()
    {
        var id = await VerifiedAsync(await _seeded.SubmittedAsync(ClaimType.Jkk, CoverageStatus.NotCovered, documentsReceived: false));

        var problem = await (await SendAsync(id)).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(3, problem.GetProperty("missingDocuments").GetArrayLength());
        Assert.Equal(CoverageStatus.NotCovered, problem.GetProperty("coverageStatus").GetString());
    }

    [Fact]
    public async Task A_complete_and_covered_claim_is_sent()
    {
        var id = await VerifiedAsync(await _seeded.SubmittedAsync(ClaimType.Jkm, CoverageStatus.Covered, documentsReceived: true));

        var sent = await SeededClaims.DetailsAsync(await SendAsync(id));

        Assert.Equal(ClaimStatus.SentToBpjs, sent.Status);
        Assert.All(sent.Documents, d => Assert.True(d.Received));
    }

    private async Task<Guid> VerifiedAsync(Guid id)
    {
        await SeededClaims.DetailsAsync(await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "Verified" }));
        return id;
    }

    private Task<HttpResponseMessage> SendAsync(Guid id) =>
        _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "SentToBpjs" });
}
