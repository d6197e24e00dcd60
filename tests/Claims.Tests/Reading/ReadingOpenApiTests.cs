using System.Text.Json;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests.Reading;

public sealed class ReadingOpenApiTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    [Theory]
    [InlineData("/api/v1/claims/{id}", "GetClaim")]
    [InlineData("/api/v1/claims/{id}/benefit-estimate", "GetBenefitEstimate")]
    public async Task A_claim_and_its_estimate_are_documented_with_who_may_read_them(string path, string operationId)
    {
        using var client = claims.ClientAs(Roles.Auditor);
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var get = document.GetProperty("paths").GetProperty(path).GetProperty("get");

        Assert.Equal(operationId, get.GetProperty("operationId").GetString());
        Assert.True(get.GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Equal([Roles.ClaimsOfficer, Roles.Operator, Roles.Auditor, Roles.BpjsIntegration], get.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
    }
}
