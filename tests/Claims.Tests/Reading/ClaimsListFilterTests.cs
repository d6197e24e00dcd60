using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Reading;

/// <summary>
/// Every test writes its claims in a kecamatan of its own (or for a worker of its own), so the
/// claims other tests of the class wrote never match; a filter tried alone is checked for what it
/// lets through and what it keeps out among every claim in the database.
/// </summary>
public sealed class ClaimsListFilterTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly HttpClient _auditor = claims.ClientAs(Roles.Auditor);

    private static string NewKecamatan() => $"Kecamatan {Guid.NewGuid():N}";

    private Task<SeededClaim> SeedAsync(SeededClaim claim) => ClaimRows.InsertAsync(claims.ConnectionString, claim);

    private async Task<Page<ClaimSummary>> ListAsync(string query) =>
        (await _auditor.GetFromJsonAsync<Page<ClaimSummary>>($"/api/v1/claims?{query}"))!;

    /// <summary>Every page of the list, following nextCursor.</summary>
    private async Task<List<ClaimSummary>> AllAsync(string query)
    {
        var all = new List<ClaimSummary>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(cursor is null ? $"{query}&limit=200" : $"{query}&limit=200&cursor={cursor}");
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Claims of every status, type, coverage and district, for the filters tried alone.</summary>
    private async Task<(SeededClaim Jkk, SeededClaim VerifiedJkm, SeededClaim PendingInGenuk, SeededClaim RejectedInTugu)> SeedVarietyAsync()
    {
        var jkk = await SeedAsync(new SeededClaim { Kecamatan = "Banyumanik" });
        var verifiedJkm = await SeedAsync(new SeededClaim
        {
            Type = ClaimType.Jkm,
            Kecamatan = "Banyumanik",
            Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))],
        });
        var pending = await SeedAsync(new SeededClaim
        {
            Kecamatan = "Genuk",
            Checks = [new(ClaimRows.JakartaNoon(1), CoverageStatus.PendingPayment)],
        });
        var rejected = await SeedAsync(new SeededClaim
        {
            Kecamatan = "Tugu",
            Moves = [new(ClaimStatus.Rejected, ClaimRows.JakartaNoon(0), Note: "The worker was not registered on the incident date")],
            Checks = [new(ClaimRows.JakartaNoon(1), CoverageStatus.NotCovered)],
        });
        return (jkk, verifiedJkm, pending, rejected);
    }

    [Fact]
    public async Task The_status_filter_alone_keeps_only_claims_in_that_status()
    {
        var (jkk, verified, _, rejected) = await SeedVarietyAsync();

        var listed = await AllAsync("status=verified");

        Assert.All(listed, c => Assert.Equal(ClaimStatus.Verified, c.Status));
        Assert.Contains(listed, c => c.Id == verified.Id);
        Assert.DoesNotContain(listed, c => c.Id == jkk.Id || c.Id == rejected.Id);
    }

    [Fact]
    public async Task The_type_filter_alone_keeps_only_claims_of_that_type()
    {
        var (jkk, verifiedJkm, _, _) = await SeedVarietyAsync();

        var listed = await AllAsync("type=JKM");

        Assert.All(listed, c => Assert.Equal(ClaimType.Jkm, c.Type));
        Assert.Contains(listed, c => c.Id == verifiedJkm.Id);
        Assert.DoesNotContain(listed, c => c.Id == jkk.Id);
    }

    [Fact]
    public async Task The_coverage_filter_alone_keeps_only_claims_with_that_coverage()
    {
        var (jkk, _, pending, rejected) = await SeedVarietyAsync();

        var listed = await AllAsync("coverage=pendingpayment");

        Assert.All(listed, c => Assert.Equal(CoverageStatus.PendingPayment, c.CoverageStatus));
        Assert.Contains(listed, c => c.Id == pending.Id);
        Assert.DoesNotContain(listed, c => c.Id == jkk.Id || c.Id == rejected.Id);
    }

    [Fact]
    public async Task The_worker_filter_alone_keeps_only_that_workers_claims()
    {
        var worker = Guid.NewGuid();
        var jkk = await SeedAsync(new SeededClaim { WorkerId = worker });
        var jkm = await SeedAsync(new SeededClaim { WorkerId = worker, Type = ClaimType.Jkm });
        await SeedAsync(new SeededClaim());

        var listed = await AllAsync($"workerId={worker}");

        Assert.Equal([jkk.Id, jkm.Id], listed.Select(c => c.Id));
    }

    [Theory]
    [InlineData("pedurungan")]
    [InlineData("PEDURUNGAN")]
    [InlineData("  Pedurungan ")]
    public async Task The_kecamatan_filter_alone_matches_the_district_in_any_case(string asked)
    {
        var inPedurungan = await SeedAsync(new SeededClaim { Kecamatan = "Pedurungan" });
        var elsewhere = await SeedAsync(new SeededClaim { Kecamatan = "Pedurungan Lor" });
        var unknown = await SeedAsync(new SeededClaim { Kecamatan = null });

        var listed = await AllAsync($"kecamatan={Uri.EscapeDataString(asked)}");

        Assert.All(listed, c => Assert.Equal("Pedurungan", c.Kecamatan));
        Assert.Contains(listed, c => c.Id == inPedurungan.Id);
        Assert.DoesNotContain(listed, c => c.Id == elsewhere.Id || c.Id == unknown.Id);
    }

    [Fact]
    public async Task Filters_combine_so_that_a_claim_must_match_every_one()
    {
        var kecamatan = NewKecamatan();
        var worker = Guid.NewGuid();
        var match = await SeedAsync(new SeededClaim { Kecamatan = kecamatan, WorkerId = worker, Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))] });
        await SeedAsync(new SeededClaim { Kecamatan = kecamatan, WorkerId = worker, IncidentDate = new(2026, 9, 1) });
        await SeedAsync(new SeededClaim { Kecamatan = kecamatan, WorkerId = worker, Type = ClaimType.Jkm, Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))] });
        await SeedAsync(new SeededClaim { Kecamatan = kecamatan, Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))] });
        await SeedAsync(new SeededClaim
        {
            Kecamatan = kecamatan, WorkerId = worker, IncidentDate = new(2026, 8, 1),
            Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))],
            Checks = [new(ClaimRows.JakartaNoon(1), CoverageStatus.Unknown, Failure: "timeout")],
        });
        await SeedAsync(new SeededClaim { Kecamatan = "Tugu", WorkerId = worker, IncidentDate = new(2026, 7, 1), Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(0))] });

        var listed = await AllAsync(
            $"kecamatan={Uri.EscapeDataString(kecamatan.ToUpperInvariant())}&workerId={worker}&type=Jkk&status=Verified&coverage=Covered");

        Assert.Equal([match.Id], listed.Select(c => c.Id));
    }

    [Fact]
    public async Task Pages_of_a_filtered_list_follow_one_another_without_gaps_or_repeats()
    {
        var kecamatan = NewKecamatan();
        var seeded = new List<SeededClaim>();
        for (var i = 0; i < 7; i++)
        {
            seeded.Add(await SeedAsync(new SeededClaim { Kecamatan = kecamatan, Type = i % 3 == 1 ? ClaimType.Jkm : ClaimType.Jkk }));
        }

        var query = $"kecamatan={Uri.EscapeDataString(kecamatan)}&type=Jkk&limit=2";
        var first = await ListAsync(query);
        var second = await ListAsync($"{query}&cursor={first.NextCursor}");
        var third = await ListAsync($"{query}&cursor={second.NextCursor}");

        var expected = seeded.Where(c => c.Type == ClaimType.Jkk).Select(c => c.Id).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected[..2], first.Items.Select(c => c.Id));
        Assert.Equal(expected[2..4], second.Items.Select(c => c.Id));
        Assert.Equal(expected[4..], third.Items.Select(c => c.Id));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task Each_summary_shows_its_coverage_days_and_missing_documents()
    {
        var kecamatan = NewKecamatan();
        var open = await SeedAsync(new SeededClaim
        {
            Kecamatan = kecamatan,
            SubmittedAt = ClaimRows.JakartaNoon(9),
            Moves = [new(ClaimStatus.Verified, ClaimRows.JakartaNoon(2))],
            Checks = [new(ClaimRows.JakartaNoon(9), CoverageStatus.Lapsed)],
            Received = new Dictionary<string, DateTimeOffset> { ["Ktp"] = ClaimRows.JakartaNoon(8) },
        });
        var paid = await SeedAsync(new SeededClaim
        {
            Kecamatan = kecamatan,
            Type = ClaimType.Jkm,
            SubmittedAt = ClaimRows.JakartaNoon(30),
            Moves =
            [
                new(ClaimStatus.Verified, ClaimRows.JakartaNoon(25)),
                new(ClaimStatus.SentToBpjs, ClaimRows.JakartaNoon(20)),
                new(ClaimStatus.Approved, ClaimRows.JakartaNoon(14), Amount: 42_000_000),
                new(ClaimStatus.Paid, ClaimRows.JakartaNoon(11), Amount: 42_000_000),
            ],
            Received = DocumentChecklist.Jkm.ToDictionary(d => d.Code, _ => ClaimRows.JakartaNoon(26)),
        });
        var withoutRows = await SeedAsync(new SeededClaim { Kecamatan = kecamatan, SubmittedAt = ClaimRows.JakartaNoon(0), WithoutChecklistRows = true });

        var listed = (await ListAsync($"kecamatan={Uri.EscapeDataString(kecamatan)}")).Items;

        Assert.Equal(
            [
                (open.Id, ClaimStatus.Verified, CoverageStatus.Lapsed, 9, 2, 2),
                (paid.Id, ClaimStatus.Paid, CoverageStatus.Covered, 19, 0, 0),
                (withoutRows.Id, ClaimStatus.Submitted, CoverageStatus.Covered, 0, 0, 3),
            ],
            listed.Select(c => (c.Id, c.Status, c.CoverageStatus, c.DaysOpen, c.DaysInCurrentStatus, c.MissingDocuments)));
        Assert.Equal(ClaimRows.JakartaNoon(11), listed[1].ClosedAt);
        Assert.Equal(ClaimRows.JakartaNoon(2), listed[0].StatusChangedAt);
    }

    [Fact]
    public async Task A_received_document_counts_once_and_one_marked_missing_again_counts_as_missing()
    {
        var kecamatan = NewKecamatan();
        var claim = await SeedAsync(new SeededClaim
        {
            Kecamatan = kecamatan,
            Type = ClaimType.Jkm,
            Received = new Dictionary<string, DateTimeOffset> { ["DeathCertificate"] = ClaimRows.JakartaNoon(1), ["FamilyCard"] = ClaimRows.JakartaNoon(1) },
        });
        await claims.ScalarAsync<object>(
            "UPDATE claim_documents SET received_at = NULL, received_by = NULL, reference = NULL WHERE claim_id = @id AND code = 'FamilyCard' RETURNING code",
            ("id", claim.Id));

        var summary = Assert.Single((await ListAsync($"kecamatan={Uri.EscapeDataString(kecamatan)}")).Items);

        Assert.Equal(3, summary.MissingDocuments);
    }

    [Theory]
    [InlineData("coverage=Maybe", "coverage")]
    [InlineData("workerId=worker-7", "workerId")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("status=Paid&type=Jht", "type")]
    public async Task A_malformed_filter_is_a_400_naming_it(string query, string field)
    {
        var response = await _auditor.GetAsync($"/api/v1/claims?{query}");

        await response.FieldsAsync(field);
    }

    [Fact]
    public async Task A_kecamatan_longer_than_any_district_is_a_400_naming_it()
    {
        var response = await _auditor.GetAsync($"/api/v1/claims?kecamatan={new string('k', 101)}");

        await response.FieldsAsync("kecamatan");
    }

    [Theory]
    [InlineData(Roles.Operator, HttpStatusCode.OK)]
    [InlineData(Roles.ClaimsOfficer, HttpStatusCode.OK)]
    [InlineData(Roles.Sponsor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Finance, HttpStatusCode.Forbidden)]
    public async Task The_list_is_read_by_claims_officers_operators_and_auditors_only(string role, HttpStatusCode expected)
    {
        var response = await claims.ClientAs(role).GetAsync("/api/v1/claims");

        Assert.Equal(expected, response.StatusCode);
    }
}
