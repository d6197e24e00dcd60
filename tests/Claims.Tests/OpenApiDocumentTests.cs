using System.Text.Json;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests;

public sealed class OpenApiDocumentTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task The_claims_list_documents_its_problem_responses_and_who_may_call_it()
    {
        using var client = claims.ClientAs(Roles.Auditor);
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var list = document.GetProperty("paths").EnumerateObject()
            .Single(path => path.Name.TrimEnd('/') == "/api/v1/claims").Value.GetProperty("get");

        Assert.Equal("ListClaims", list.GetProperty("operationId").GetString());
        foreach (var status in new[] { "400", "401", "403", "404", "409", "422" })
        {
            Assert.True(
                list.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{status} is not documented as a ProblemDetails answer.");
        }

        Assert.Equal(
            [Roles.ClaimsOfficer, Roles.Operator, Roles.Auditor, Roles.BpjsIntegration],
            list.GetProperty("x-roles").EnumerateArray().Select(role => role.GetString()));
    }
}
