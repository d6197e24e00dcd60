using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>What a request to a route came back with: its status, its headers, and the endpoint that answered it.</summary>
public sealed record RouteAnswer(int Status, IHeaderDictionary Headers, Endpoint? ReachedEndpoint);

/// <summary>One method of one route endpoint of a service, with a path that reaches it.</summary>
public sealed record ApiRoute(HostedService Service, RouteEndpoint Endpoint, string Method, string Path)
{
    public string Pattern => Endpoint.RoutePattern.RawText ?? Path;

    /// <summary>
    /// Sends the request with no body through the in-memory server, so the endpoint that routing
    /// picked can be checked too: a path that missed its route would otherwise pass for a 404 of the handler's.
    /// </summary>
    public async Task<RouteAnswer> SendAsync(string? token)
    {
        var context = await Service.Server.SendAsync(request =>
        {
            request.Request.Method = Method;
            request.Request.Path = Path;
            if (token is not null)
            {
                request.Request.Headers.Authorization = "Bearer " + token;
            }
        });

        // The exception handler clears the endpoint before it writes its answer, and keeps it in its feature.
        var reached = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return new RouteAnswer(context.Response.StatusCode, context.Response.Headers, reached);
    }

    public override string ToString() => $"{Service.Name}: {Method} {Pattern}";
}

/// <summary>
/// Every route of a service, read from the service's own endpoint data, and who its authorization
/// admits, read from the definitions of the policies it names. A new endpoint is in the list the
/// moment it is mapped, with no case written for it.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The probes a load balancer calls, open to anyone by design: the only endpoints that need no token.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal)
    {
        "/health/live",
        "/health/ready",
        "/health/messaging",
    };

    /// <summary>The contract, open in Development only; everywhere else it is the fallback policy's: any caller with a token.</summary>
    public const string OpenApiDocument = "/openapi/{documentName}.json";

    public static IReadOnlyList<ApiRoute> Of(HostedService service) =>
    [
        .. from endpoint in service.Endpoints.OfType<RouteEndpoint>()
           from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]
           orderby endpoint.RoutePattern.RawText, method
           select new ApiRoute(service, endpoint, method, PathTo(endpoint.RoutePattern)),
    ];

    /// <summary>The probes and the contract, listed here by hand; every other route must name its authorization.</summary>
    public static bool IsListedAsOpen(ApiRoute route) => Anonymous.Contains(route.Pattern) || route.Pattern == OpenApiDocument;

    /// <summary>The routes that say nothing about authorization or allow anyone: they should be the listed ones only.</summary>
    public static bool IsUnprotected(ApiRoute route) =>
        route.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || !NamesAuthorization(route.Endpoint);

    /// <summary>
    /// The roles the route admits, from the definitions of the policies it names. Every policy an
    /// endpoint and its groups name must be met, so a role is admitted only where each admits it.
    /// Null when the route names no authorization at all.
    /// </summary>
    public static async Task<IReadOnlySet<string>?> AdmittedRolesAsync(ApiRoute route)
    {
        if (!NamesAuthorization(route.Endpoint))
        {
            return null;
        }

        var provider = route.Service.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var admitted = new HashSet<string>(Roles.All, StringComparer.Ordinal);
        foreach (var data in route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
        {
            if (data.Roles is { } roles)
            {
                admitted.IntersectWith(roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }

            if (data.Policy is { } name)
            {
                admitted.IntersectWith(await RolesOfPolicyAsync(name, provider));
            }
        }

        foreach (var policy in route.Endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
        {
            admitted.IntersectWith(RolesRequiredBy(policy));
        }

        return admitted;
    }

    /// <summary>
    /// A shared policy admits the roles <see cref="Policies.RolesOf"/> gives it, a role's own policy
    /// that role; a policy a service defines itself (from its settings) admits what its definition requires.
    /// </summary>
    public static Task<IEnumerable<string>> RolesOfPolicyAsync(string name, HostedService service) =>
        RolesOfPolicyAsync(name, service.Services.GetRequiredService<IAuthorizationPolicyProvider>());

    private static async Task<IEnumerable<string>> RolesOfPolicyAsync(string name, IAuthorizationPolicyProvider provider)
    {
        if (Policies.RolesOf.TryGetValue(name, out var roles))
        {
            return roles;
        }

        if (Roles.All.Contains(name))
        {
            return [name];
        }

        var policy = await provider.GetPolicyAsync(name)
            ?? throw new InvalidOperationException($"An endpoint names the policy '{name}', which the service does not define.");
        return RolesRequiredBy(policy);
    }

    private static IEnumerable<string> RolesRequiredBy(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .Aggregate((IEnumerable<string>)Roles.All, (admitted, requirement) => admitted.Intersect(requirement.AllowedRoles));

    private static bool NamesAuthorization(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null || endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null;

    /// <summary>The route's pattern with each parameter filled by a value its constraints accept.</summary>
    private static string PathTo(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => SampleValue(parameter),
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        })));
        return "/" + string.Join('/', segments);
    }

    private static string SampleValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(policy => policy.Content).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (constraints.Contains("guid"))
        {
            return Guid.NewGuid().ToString();
        }

        if (constraints.Contains("int") || constraints.Contains("long"))
        {
            return "2026";
        }

        return parameter.Name switch
        {
            "period" => "2026-01",
            "documentName" => "v1",
            "code" => "Ktp",
            _ => "sample",
        };
    }
}
