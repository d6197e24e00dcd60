using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Reading;

public sealed class ClaimDetailsTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private static readonly DateTimeOffset Submitted = ClaimRows.JakartaNoon(daysAgo: 10);

    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer);

    private Task<SeededClaim> SeedAsync(SeededClaim claim) => ClaimRows.InsertAsync(claims.ConnectionString, claim);

    private async Task<ClaimDetails> DetailsAsync(Guid id) =>
        (await _officer.GetFromJsonAsync<ClaimDetails>($"/api/v1/claims/{id}"))!;

    private static SeededClaim SentToBpjs() => new()
    {
        Type = ClaimType.Jkk,
        SubmittedAt = Submitted,
        Moves =
        [
            new(ClaimStatus.Verified, ClaimRows.JakartaNoon(6), Note: "Accident report checked with the kelurahan"),
            new(ClaimStatus.SentToBpjs, ClaimRows.JakartaNoon(3), Actor: "officer-9"),
        ],
        Checks =
        [
            new(Submitted, CoverageStatus.Unknown, Failure: "Billing did not answer within 5 s"),
            new(Submitted.AddSeconds(30), CoverageStatus.Covered, By: "system:coverage-recheck"),
        ],
        Received = new Dictionary<string, DateTimeOffset>
        {
            ["AccidentReport"] = ClaimRows.JakartaNoon(9),
            ["MedicalRecords"] = ClaimRows.JakartaNoon(8),
            ["Ktp"] = ClaimRows.JakartaNoon(7),
        },
    };

    [Fact]
    public async Task A_claim_is_shown_with_everything_on_it_and_its_days_open_and_in_its_status()
    {
        var seeded = await SeedAsync(SentToBpjs());

        var claim = await DetailsAsync(seeded.Id);

        Assert.Equal(seeded.Id, claim.Id);
        Assert.Equal(seeded.WorkerId, claim.WorkerId);
        Assert.Equal((ClaimType.Jkk, ClaimStatus.SentToBpjs), (claim.Type, claim.Status));
        Assert.Equal(new DateOnly(2026, 10, 1), claim.IncidentDate);
        Assert.Equal("fell from a becak on the way to the market", claim.Description);
        Assert.Equal(("Jl. Pemuda", "his wife", "Tugu", "officer-1"), (claim.Location, claim.ReportedBy, claim.Kecamatan, claim.FiledBy));
        Assert.Equal(Submitted, claim.SubmittedAt);
        Assert.Equal(ClaimRows.JakartaNoon(3), claim.StatusChangedAt);
        Assert.Null(claim.ClosedAt);
        Assert.Equal(10, claim.DaysOpen);
        Assert.Equal(3, claim.DaysInCurrentStatus);
        Assert.Equal(3, claim.Version);
        Assert.Null(claim.ApprovedAmount);
    }

    [Fact]
    public async Task The_history_lists_every_transition_oldest_first_with_who_moved_it_and_why()
    {
        var seeded = await SeedAsync(SentToBpjs());

        var history = (await DetailsAsync(seeded.Id)).History;

        Assert.Equal(
            [
                new ClaimTransitionLine(1, null, ClaimStatus.Submitted, null, null, "officer-1", Submitted),
                new ClaimTransitionLine(2, ClaimStatus.Submitted, ClaimStatus.Verified, "Accident report checked with the kelurahan", null, "officer-2", ClaimRows.JakartaNoon(6)),
                new ClaimTransitionLine(3, ClaimStatus.Verified, ClaimStatus.SentToBpjs, null, null, "officer-9", ClaimRows.JakartaNoon(3)),
            ],
            history);
    }

    [Fact]
    public async Task The_documents_follow_the_checklist_with_their_names_and_who_received_them_when()
    {
        var seeded = await SeedAsync(new SeededClaim
        {
            Type = ClaimType.Jkm,
            SubmittedAt = Submitted,
            Received = new Dictionary<string, DateTimeOffset> { ["FamilyCard"] = ClaimRows.JakartaNoon(4) },
        });

        var documents = (await DetailsAsync(seeded.Id)).Documents;

        Assert.Equal(DocumentChecklist.Jkm.Select(d => (d.Code, d.Name)), documents.Select(d => (d.Code, d.Name)));
        Assert.Equal([false, true, false, false], documents.Select(d => d.Received));
        var familyCard = documents[1];
        Assert.Equal(ClaimRows.JakartaNoon(4), familyCard.ReceivedAt);
        Assert.Equal("officer-3", familyCard.ReceivedBy);
        Assert.Equal($"https://arsip.semarangkota.go.id/klaim/{seeded.Id:N}/FamilyCard", familyCard.Reference);
        Assert.All(documents.Where(d => !d.Received), d => Assert.Equal((null, null, null), (d.ReceivedAt, d.ReceivedBy, d.Reference)));
    }

    [Fact]
    public async Task Coverage_shows_the_latest_answer_and_every_check_made_oldest_first()
    {
        var seeded = await SeedAsync(SentToBpjs());

        var coverage = (await DetailsAsync(seeded.Id)).Coverage;

        Assert.Equal(CoverageStatus.Covered, coverage.Status);
        Assert.Equal("2026-10", coverage.Period);
        Assert.Equal(seeded.InvoiceId, coverage.InvoiceId);
        Assert.Equal(Submitted.AddSeconds(30), coverage.CheckedAt);
        Assert.Null(coverage.Note);
        Assert.Equal(
            [
                (Submitted, "officer-1", CoverageStatus.Unknown, (string?)null, "Billing did not answer within 5 s"),
                (Submitted.AddSeconds(30), "system:coverage-recheck", CoverageStatus.Covered, "2026-10", (string?)null),
            ],
            coverage.Checks.Select(c => (c.CheckedAt, c.CheckedBy, c.Status, c.Period, c.Failure)));
    }

    [Fact]
    public async Task Unknown_coverage_says_that_Billing_is_asked_again_and_when()
    {
        var seeded = await SeedAsync(new SeededClaim
        {
            SubmittedAt = Submitted,
            Checks = [new(Submitted, CoverageStatus.Unknown, Failure: "Billing's circuit is open")],
        });

        var coverage = (await DetailsAsync(seeded.Id)).Coverage;

        Assert.Equal(CoverageStatus.Unknown, coverage.Status);
        Assert.Equal(ClaimCoverage.UnknownNote, coverage.Note);
        Assert.Equal(Submitted.AddSeconds(30), coverage.NextCheckAt);
    }

    [Fact]
    public async Task A_paid_claim_stops_counting_days_when_it_was_paid_and_shows_its_amounts()
    {
        var paidAt = ClaimRows.JakartaNoon(5);
        var seeded = await SeedAsync(new SeededClaim
        {
            Type = ClaimType.Jkm,
            SubmittedAt = ClaimRows.JakartaNoon(20),
            Moves =
            [
                new(ClaimStatus.Verified, ClaimRows.JakartaNoon(18)),
                new(ClaimStatus.SentToBpjs, ClaimRows.JakartaNoon(15)),
                new(ClaimStatus.Approved, ClaimRows.JakartaNoon(10), Amount: 42_000_000, Actor: "bpjs"),
                new(ClaimStatus.Paid, paidAt, Amount: 41_500_000, Actor: "bpjs"),
            ],
        });

        var claim = await DetailsAsync(seeded.Id);

        Assert.Equal(paidAt, claim.ClosedAt);
        Assert.Equal(15, claim.DaysOpen);
        Assert.Equal(0, claim.DaysInCurrentStatus);
        Assert.Equal((42_000_000L, 41_500_000L), (claim.ApprovedAmount, claim.PaidAmount));
        Assert.Equal([null, null, null, 42_000_000L, 41_500_000L], claim.History.Select(h => h.Amount));
    }

    [Fact]
    public async Task A_rejected_claim_shows_its_reason_and_stops_counting_when_rejected()
    {
        var seeded = await SeedAsync(new SeededClaim
        {
            SubmittedAt = ClaimRows.JakartaNoon(12),
            Moves = [new(ClaimStatus.Rejected, ClaimRows.JakartaNoon(4), Note: "Not a work accident: the fall happened at home on a holiday")],
        });

        var claim = await DetailsAsync(seeded.Id);

        Assert.Equal((ClaimStatus.Rejected, 8, 0), (claim.Status, claim.DaysOpen, claim.DaysInCurrentStatus));
        Assert.Equal("Not a work accident: the fall happened at home on a holiday", claim.History[^1].Note);
    }

    [Fact]
    public async Task The_answer_names_its_fields_in_camel_case()
    {
        var seeded = await SeedAsync(SentToBpjs());

        var json = await _officer.GetFromJsonAsync<JsonElement>($"/api/v1/claims/{seeded.Id}");

        Assert.Equal(10, json.GetProperty("daysOpen").GetInt32());
        Assert.Equal(3, json.GetProperty("daysInCurrentStatus").GetInt32());
        Assert.Equal("SentToBpjs", json.GetProperty("history")[2].GetProperty("to").GetString());
        Assert.True(json.GetProperty("documents")[0].GetProperty("received").GetBoolean());
        Assert.Equal(2, json.GetProperty("coverage").GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_claim_is_a_404()
    {
        var response = await _officer.GetAsync($"/api/v1/claims/{Guid.NewGuid()}");

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Claim not found.", problem.Title());
    }

    [Theory]
    [InlineData(Roles.ClaimsOfficer, HttpStatusCode.OK)]
    [InlineData(Roles.Operator, HttpStatusCode.OK)]
    [InlineData(Roles.Auditor, HttpStatusCode.OK)]
    [InlineData(Roles.BpjsIntegration, HttpStatusCode.OK)] // it records BPJS decisions, so it reads the claim first
    [InlineData(Roles.Sponsor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Finance, HttpStatusCode.Forbidden)]
    public async Task Claims_are_read_by_claims_officers_operators_auditors_and_the_bpjs_integration_only(string role, HttpStatusCode expected)
    {
        var seeded = await SeedAsync(new SeededClaim());

        var response = await claims.ClientAs(role).GetAsync($"/api/v1/claims/{seeded.Id}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_claim_needs_a_token()
    {
        var seeded = await SeedAsync(new SeededClaim());

        var response = await claims.AnonymousClient().GetAsync($"/api/v1/claims/{seeded.Id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
