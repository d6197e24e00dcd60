using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Domain;
using PijarSemar.Claims.Tests.Workflow;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Documents;

/// <summary>The officer ticks off the checklist, with who, when and where each paper is kept, until the claim goes to BPJS.</summary>
public sealed class DocumentsTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly SeededClaims _seeded = new(claims);
    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer, "officer-budi");

    [Fact]
    public async Task Marking_a_document_received_records_who_when_and_the_reference_and_audits_it()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkm);
        var before = DateTimeOffset.UtcNow;

        var claim = await SeededClaims.DetailsAsync(await PutAsync(id, "DeathCertificate", new { reference = "  https://arsip.semarangkota.go.id/akta/7781  " }));

        var line = Assert.Single(claim.Documents, d => d.Code == "DeathCertificate");
        Assert.True(line.Received);
        Assert.Equal("https://arsip.semarangkota.go.id/akta/7781", line.Reference);
        Assert.Equal("officer-budi", line.ReceivedBy);
        Assert.InRange(line.ReceivedAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.All(claim.Documents.Where(d => d.Code != "DeathCertificate"), d => Assert.False(d.Received));
        Assert.Equal(1L, claim.Version);
        Assert.Equal(
            "claim,DocumentReceived,officer-budi,f,t,https://arsip.semarangkota.go.id/akta/7781",
            await AuditAsync(id));
        Assert.Equal(
            "https://arsip.semarangkota.go.id/akta/7781,officer-budi",
            await claims.ScalarAsync<string>(
                "SELECT concat_ws(',', reference, received_by) FROM claim_documents WHERE claim_id = @id AND code = 'DeathCertificate'", ("id", id)));
    }

    [Fact]
    public async Task Another_reference_replaces_the_first_and_the_same_one_again_writes_nothing()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk);
        await SeededClaims.DetailsAsync(await PutAsync(id, "Ktp", new { reference = "ARSIP/KTP/1" }));

        var unchanged = await _seeded.FootprintAsync(id);
        await SeededClaims.DetailsAsync(await PutAsync(id, "Ktp", new { reference = "ARSIP/KTP/1" }));
        Assert.Equal(unchanged, await _seeded.FootprintAsync(id));

        var replaced = await SeededClaims.DetailsAsync(await PutAsync(id, "ktp", new { reference = "ARSIP/KTP/2" }));

        Assert.Equal("ARSIP/KTP/2", Assert.Single(replaced.Documents, d => d.Code == "Ktp").Reference);
        Assert.Equal(
            "claim,DocumentReceived,officer-budi,f,t,ARSIP/KTP/1;claim,DocumentReplaced,officer-budi,t,t,ARSIP/KTP/2",
            await AuditAsync(id));
    }

    [Fact]
    public async Task Deleting_a_document_marks_it_missing_again_and_audits_it()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk, documentsReceived: true);

        var claim = await SeededClaims.DetailsAsync(await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/MedicalRecords"));

        var line = Assert.Single(claim.Documents, d => d.Code == "MedicalRecords");
        Assert.False(line.Received);
        Assert.Null(line.Reference);
        Assert.Null(line.ReceivedBy);
        Assert.Null(line.ReceivedAt);
        Assert.Equal("claim,DocumentMarkedMissing,officer-budi,t,f", await AuditAsync(id));

        var unchanged = await _seeded.FootprintAsync(id);
        await SeededClaims.DetailsAsync(await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/MedicalRecords"));
        Assert.Equal(unchanged, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task A_document_taken_back_stops_the_claim_going_to_bpjs()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk, documentsReceived: true);
        await SeededClaims.DetailsAsync(await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "Verified" }));
        await SeededClaims.DetailsAsync(await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/AccidentReport"));

        var problem = await (await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "SentToBpjs" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["AccidentReport"], problem.GetProperty("missingDocuments").EnumerateArray().Select(d => d.GetString()));

        await SeededClaims.DetailsAsync(await PutAsync(id, "AccidentReport", new { reference = "LAPORAN/2026/55" }));
        var sent = await SeededClaims.DetailsAsync(await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "SentToBpjs" }));
        Assert.Equal(ClaimStatus.SentToBpjs, sent.Status);
    }

    [Fact]
    public async Task A_document_taken_back_while_the_claim_is_being_sent_either_stops_the_sending_or_is_refused()
    {
        for (var i = 0; i < 10; i++)
        {
            var id = await _seeded.AtAsync(ClaimStatus.Verified);
            using var start = new SemaphoreSlim(0);
            var send = Task.Run(async () =>
            {
                await start.WaitAsync();
                return await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "SentToBpjs" });
            });
            var takeBack = Task.Run(async () =>
            {
                await start.WaitAsync();
                return await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/Ktp");
            });
            start.Release(2);
            using var sent = await send;
            using var taken = await takeBack;

            // One after the other, whichever came first: sent then 409 for the document, or taken back then 422 for the sending.
            Assert.Contains((sent.StatusCode, taken.StatusCode), new[] { (HttpStatusCode.OK, HttpStatusCode.Conflict), (HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK) });
            Assert.Equal(
                sent.StatusCode == HttpStatusCode.OK ? "SentToBpjs,t" : "Verified,f",
                await claims.ScalarAsync<string>(
                    "SELECT concat_ws(',', c.status, d.received_at IS NOT NULL) FROM claims c JOIN claim_documents d ON d.claim_id = c.id AND d.code = 'Ktp' WHERE c.id = @id",
                    ("id", id)));
        }
    }

    [Theory]
    [InlineData(ClaimType.Jkk, "DeathCertificate", "AccidentReport, MedicalRecords, Ktp")]
    [InlineData(ClaimType.Jkm, "AccidentReport", "DeathCertificate, FamilyCard, HeirsKtp, ParticipantCard")]
    [InlineData(ClaimType.Jkm, "Passport", "DeathCertificate, FamilyCard, HeirsKtp, ParticipantCard")]
    public async Task A_code_not_on_the_claims_checklist_is_a_404_naming_it_and_the_valid_codes(string type, string code, string valid)
    {
        var id = await _seeded.SubmittedAsync(type);
        var before = await _seeded.FootprintAsync(id);

        var put = await (await PutAsync(id, code, new { reference = "X/1" })).ProblemAsync(HttpStatusCode.NotFound);
        var delete = await (await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/{code}")).ProblemAsync(HttpStatusCode.NotFound);

        foreach (var problem in new[] { put, delete })
        {
            Assert.Equal("Document not on the checklist.", problem.Title());
            Assert.Contains(code, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(valid, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task An_unknown_claim_is_a_404()
    {
        var put = await (await PutAsync(Guid.NewGuid(), "Ktp", new { reference = "X/1" })).ProblemAsync(HttpStatusCode.NotFound);
        var delete = await (await _officer.DeleteAsync($"/api/v1/claims/{Guid.NewGuid()}/documents/Ktp")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Claim not found.", put.Title());
        Assert.Equal("Claim not found.", delete.Title());
    }

    [Theory]
    [InlineData(ClaimStatus.Verified, HttpStatusCode.OK)]
    [InlineData(ClaimStatus.SentToBpjs, HttpStatusCode.Conflict)]
    [InlineData(ClaimStatus.Approved, HttpStatusCode.Conflict)]
    [InlineData(ClaimStatus.Paid, HttpStatusCode.Conflict)]
    [InlineData(ClaimStatus.Rejected, HttpStatusCode.Conflict)]
    public async Task Documents_change_only_while_the_claim_is_submitted_or_verified(string status, HttpStatusCode expected)
    {
        var id = await _seeded.AtAsync(status);
        var before = await _seeded.FootprintAsync(id);

        using var put = await PutAsync(id, "Ktp", new { reference = "ARSIP/KTP/9" });
        using var delete = await _officer.DeleteAsync($"/api/v1/claims/{id}/documents/MedicalRecords");

        Assert.Equal(expected, put.StatusCode);
        Assert.Equal(expected, delete.StatusCode);
        if (expected == HttpStatusCode.Conflict)
        {
            var problem = await put.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("Documents can no longer change.", problem.Title());
            Assert.Equal(status, problem.GetProperty("claimStatus").GetString());
            Assert.Equal(before, await _seeded.FootprintAsync(id));
        }
    }

    public static TheoryData<string> BadBodies() =>
    [
        """{ }""",
        """{ "reference": null }""",
        """{ "reference": "" }""",
        """{ "reference": "   " }""",
        $$"""{ "reference": "{{new string('a', 501)}}" }""",
        """{ "reference": "ARSIP\u0000/1" }""",
        """{ "reference": "ARSIP\n/1" }""",
        """{ "reference": "ARSIP\t/1" }""",
        """{ "reference": 17 }""",
    ];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_reference_is_a_400_naming_it_and_writes_nothing(string body)
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk);
        var before = await _seeded.FootprintAsync(id);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await _officer.PutAsync($"/api/v1/claims/{id}/documents/Ktp", content)).FieldsAsync("reference");

        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task A_reference_of_500_characters_is_kept_whole()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk);
        var reference = "https://arsip.semarangkota.go.id/" + new string('a', 500 - 33);

        var claim = await SeededClaims.DetailsAsync(await PutAsync(id, "Ktp", new { reference }));

        Assert.Equal(reference, Assert.Single(claim.Documents, d => d.Code == "Ktp").Reference);
    }

    [Theory]
    [InlineData(Roles.BpjsIntegration)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Auditor)]
    public async Task Only_an_officer_changes_documents(string role)
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk, documentsReceived: true);
        var before = await _seeded.FootprintAsync(id);
        var client = claims.ClientAs(role);

        using var put = await client.PutAsJsonAsync($"/api/v1/claims/{id}/documents/Ktp", new { reference = "X/2" });
        using var delete = await client.DeleteAsync($"/api/v1/claims/{id}/documents/Ktp");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task Changing_documents_needs_a_token()
    {
        var id = await _seeded.SubmittedAsync(ClaimType.Jkk, documentsReceived: true);
        var anonymous = claims.AnonymousClient();

        using var put = await anonymous.PutAsJsonAsync($"/api/v1/claims/{id}/documents/Ktp", new { reference = "X/2" });
        using var delete = await anonymous.DeleteAsync($"/api/v1/claims/{id}/documents/Ktp");

        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    private Task<HttpResponseMessage> PutAsync(Guid id, string code, object body) =>
        _officer.PutAsJsonAsync($"/api/v1/claims/{id}/documents/{code}", body);

    private Task<string> AuditAsync(Guid id) => claims.ScalarAsync<string>(
        """
        SELECT coalesce(string_agg(concat_ws(',', entity_type, action, actor, (before->>'received')::boolean, (after->>'received')::boolean, after->>'reference'), ';' ORDER BY id), '')
        FROM audit_log WHERE entity_id = @id
        """,
        ("id", id));
}
