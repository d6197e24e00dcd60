using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class OpenApiTests
{
    private static readonly string[] ProblemStatuses = ["400", "401", "403", "404", "409", "422"];

    [Fact]
    public async Task Every_operation_documents_its_problem_responses_and_the_roles_of_its_policy()
    {
        await using var service = await LocalService.StartAsync(app =>
        {
            app.MapPost("/api/v1/things", () => Results.Ok()).RequireAuthorization(Policies.RegistryRead);
            app.MapGet("/api/v1/public", () => Results.Ok()).AllowAnonymous();
            app.MapGet("/api/v1/any", () => Results.Ok());
        });

        var document = await DocumentAsync(service);
        var guarded = document.GetProperty("paths").GetProperty("/api/v1/things").GetProperty("post");
        var open = document.GetProperty("paths").GetProperty("/api/v1/public").GetProperty("get");
        var fallback = document.GetProperty("paths").GetProperty("/api/v1/any").GetProperty("get");

        foreach (var status in ProblemStatuses)
        {
            var schema = guarded.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
            Assert.Equal(status == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails", schema.GetProperty("$ref").GetString());
        }

        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        Assert.Equal([Roles.Operator, Roles.Auditor, Roles.ClaimsOfficer], guarded.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Roles: operator, auditor, claims-officer.", guarded.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(open.GetProperty("responses").TryGetProperty("401", out _));
        Assert.False(open.TryGetProperty("x-roles", out _));
        Assert.Empty(fallback.GetProperty("x-roles").EnumerateArray());
        Assert.Contains("any authenticated caller", fallback.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_the_handler_already_declares_is_documented_as_problem_json_too()
    {
        await using var service = await LocalService.StartAsync(app => app.MapPost("/api/v1/widgets", Register).RequireAuthorization(Policies.RegistryWrite));

        var responses = (await DocumentAsync(service)).GetProperty("paths").GetProperty("/api/v1/widgets").GetProperty("post").GetProperty("responses");

        Assert.True(responses.GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("422").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    private static Results<Created, ValidationProblem, Conflict<ProblemDetails>> Register() => TypedResults.Created();

    private static async Task<JsonElement> DocumentAsync(LocalService service)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/openapi/v1.json", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Valid("alice", Roles.Auditor));
        using var response = await service.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
