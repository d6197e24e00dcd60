using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>
/// Every route of every service, as its endpoint data lists it, called without a token and with a
/// token of each role: who gets in must be exactly who the route's policies admit.
/// </summary>
[Collection(SecurityServices.Collection)]
public sealed class AuthorizationMatrixTests(SecurityServices stack)
{
    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task Every_route_refuses_a_caller_without_a_token_and_each_role_its_policies_do_not_admit(string service)
    {
        var routes = ApiRoutes.Of(stack[service]).Where(route => !ApiRoutes.IsListedAsOpen(route)).ToList();
        Assert.True(routes.Count >= 8, $"Only {routes.Count} protected routes found in {service}: the endpoint data was not read.");

        var failures = new List<string>();
        foreach (var route in routes)
        {
            var admitted = await ApiRoutes.AdmittedRolesAsync(route);
            if (admitted is null)
            {
                failures.Add($"{route}: names no authorization policy; give it .RequireAuthorization(Policies.…).");
                continue;
            }

            var anonymous = await route.SendAsync(token: null);
            Expect(failures, route, "without a token", anonymous, anonymous.Status == StatusCodes.Status401Unauthorized, "401");
            foreach (var role in Roles.All)
            {
                var answer = await route.SendAsync(TestTokens.For($"matrix-{role}", role));
                var mayCall = admitted.Contains(role);
                var expected = mayCall
                    ? answer.Status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
                    : answer.Status == StatusCodes.Status403Forbidden;
                Expect(failures, route, $"as {role}", answer, expected, mayCall ? "neither 401 nor 403" : "403");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the policies:\n{string.Join('\n', failures)}");
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task Only_the_health_probes_answer_without_a_token_and_the_contract_needs_one_outside_development(string service)
    {
        var unprotected = ApiRoutes.Of(stack[service]).Where(ApiRoutes.IsUnprotected).ToList();

        Assert.Equal(
            ApiRoutes.Anonymous.Append(ApiRoutes.OpenApiDocument).Order(StringComparer.Ordinal),
            unprotected.Select(route => route.Pattern).Distinct().Order(StringComparer.Ordinal));
        foreach (var probe in unprotected.Where(route => ApiRoutes.Anonymous.Contains(route.Pattern)))
        {
            Assert.NotNull(probe.Endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.Equal(StatusCodes.Status200OK, (await probe.SendAsync(token: null)).Status);
        }

        var contract = unprotected.Single(route => route.Pattern == ApiRoutes.OpenApiDocument);
        Assert.Null(contract.Endpoint.Metadata.GetMetadata<IAllowAnonymous>());
        Assert.Equal(StatusCodes.Status401Unauthorized, (await contract.SendAsync(token: null)).Status);
        // The fallback policy asks for a subject and no role; the least trusted role shows it (each document takes a second to build).
        Assert.Equal(StatusCodes.Status200OK, (await contract.SendAsync(TestTokens.For("matrix-sponsor", Roles.Sponsor))).Status);
    }

    private static void Expect(List<string> failures, ApiRoute route, string caller, RouteAnswer answer, bool expected, string wanted)
    {
        if (answer.ReachedEndpoint?.DisplayName != route.Endpoint.DisplayName)
        {
            failures.Add($"{route} {caller}: the path {route.Path} reached {answer.ReachedEndpoint?.DisplayName ?? "no endpoint"} ({answer.Status}).");
        }
        else if (!expected)
        {
            failures.Add($"{route} {caller}: {answer.Status}, expected {wanted}.");
        }
    }
}
