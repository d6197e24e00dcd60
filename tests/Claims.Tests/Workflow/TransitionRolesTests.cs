using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>Who may move a claim: the officer every move, the BPJS integration only BPJS's decisions and payments, nobody else.</summary>
public sealed class TransitionRolesTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly SeededClaims _seeded = new(claims);
    private readonly HttpClient _bpjs = claims.ClientAs(Roles.BpjsIntegration, "bpjs-gateway");

    [Theory]
    [InlineData(ClaimStatus.SentToBpjs, "Approved", 25_000_000L)]
    [InlineData(ClaimStatus.Approved, "Paid", 25_000_000L)]
    [InlineData(ClaimStatus.Submitted, "Rejected", null)]
    [InlineData(ClaimStatus.SentToBpjs, "Rejected", null)]
    public async Task The_bpjs_integration_records_approvals_rejections_and_payments(string status, string to, long? amount)
    {
        var id = await _seeded.AtAsync(status);

        var moved = await SeededClaims.DetailsAsync(
            await _bpjs.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to, amount, note = "BPJS decision 2026/771" }));

        Assert.Equal(to, moved.Status);
        Assert.Equal("bpjs-gateway", moved.History[^1].Actor);
    }

    [Theory]
    [InlineData(ClaimStatus.Submitted, "Verified")]
    [InlineData(ClaimStatus.Verified, "SentToBpjs")]
    [InlineData(ClaimStatus.Verified, "Submitted")]
    public async Task The_bpjs_integration_may_not_verify_or_send_a_claim(string status, string to)
    {
        var id = await _seeded.AtAsync(status);
        var before = await _seeded.FootprintAsync(id);

        var problem = await (await _bpjs.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains(Roles.ClaimsOfficer, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Theory]
    [InlineData(Roles.Operator, "Verified")]
    [InlineData(Roles.Auditor, "Verified")]
    [InlineData(Roles.Finance, "Rejected")]
    [InlineData(Roles.Sponsor, "Rejected")]
    public async Task Other_roles_may_not_move_a_claim(string role, string to)
    {
        var id = await _seeded.SubmittedAsync();
        var before = await _seeded.FootprintAsync(id);

        using var response = await claims.ClientAs(role).PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to, note = "a reason" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Theory]
    [InlineData("/api/v1/claims/{id}/transitions", "post", new[] { Roles.ClaimsOfficer, Roles.BpjsIntegration })]
    [InlineData("/api/v1/claims/{id}/documents/{code}", "put", new[] { Roles.ClaimsOfficer })]
    [InlineData("/api/v1/claims/{id}/documents/{code}", "delete", new[] { Roles.ClaimsOfficer })]
    public async Task The_contract_says_who_may_move_a_claim_and_change_its_documents(string path, string method, string[] roles)
    {
        using var client = claims.ClientAs(Roles.Auditor);
        var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(roles, operation.GetProperty("x-roles").EnumerateArray().Select(role => role.GetString()));
        Assert.True(operation.GetProperty("responses").GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Moving_a_claim_needs_a_token()
    {
        var id = await _seeded.SubmittedAsync();
        var before = await _seeded.FootprintAsync(id);

        using var response = await claims.AnonymousClient().PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "Verified" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }
}
