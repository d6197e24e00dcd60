using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace PijarSemar.ServiceDefaults.OpenApi;

/// <summary>
/// Documents on every operation the errors every endpoint can answer with, as the exception
/// handler writes them (RFC 9457 ProblemDetails; 400 with the failing fields), and who may call it:
/// the roles of its authorization policy, in <c>x-roles</c> and in the description. A caller
/// reading the contract then sees the same thing the service enforces, without each endpoint
/// repeating six <c>Produces</c> lines and a role list.
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    private static readonly (int Status, string Description)[] Problems =
    [
        (StatusCodes.Status400BadRequest, "The request is invalid; errors names each failing field."),
        (StatusCodes.Status401Unauthorized, "No valid bearer token for this service."),
        (StatusCodes.Status403Forbidden, "The token lacks a role this operation needs."),
        (StatusCodes.Status404NotFound, "Nothing has the given id."),
        (StatusCodes.Status409Conflict, "The request conflicts with the current state."),
        (StatusCodes.Status422UnprocessableEntity, "The request is well-formed but breaks a business rule."),
    ];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var problem = await SchemaAsync(context, typeof(ProblemDetails), cancellationToken);
        var validationProblem = await SchemaAsync(context, typeof(HttpValidationProblemDetails), cancellationToken);

        operation.Responses ??= [];
        foreach (var (status, description) in Problems)
        {
            if (anonymous && status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                continue;
            }

            var code = status.ToString(CultureInfo.InvariantCulture);
            var schema = status == StatusCodes.Status400BadRequest ? validationProblem : problem;
            if (!operation.Responses.TryGetValue(code, out var response))
            {
                operation.Responses[code] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
                };
            }
            else if (response is OpenApiResponse declared)
            {
                // A handler's Results<..., Conflict<ProblemDetails>> is documented as JSON; say which media type it really is.
                declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                declared.Content.TryAdd(ProblemJson, new OpenApiMediaType { Schema = schema });
            }
        }

        if (anonymous)
        {
            return;
        }

        var roles = await RolesAsync(context, metadata);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(role => JsonValue.Create(role))]));
        var who = roles.Count == 0 ? "Roles: any authenticated caller." : $"Roles: {string.Join(", ", roles)}.";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? who : $"{operation.Description}\n\n{who}";
    }

    /// <summary>A reference to the type's schema among the document's components, added there once.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        if (context.Document?.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
            context.Document?.AddComponent(type.Name, schema);
        }

        return new OpenApiSchemaReference(type.Name, context.Document);
    }

    /// <summary>The roles the endpoint's combined policy (its named policies, or the fallback) admits.</summary>
    private static async Task<IReadOnlyList<string>> RolesAsync(OpenApiOperationTransformerContext context, IList<object> metadata)
    {
        var provider = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(
                provider, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>())
            ?? await provider.GetFallbackPolicyAsync();
        return policy?.Requirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(requirement => requirement.AllowedRoles)
            .Distinct(StringComparer.Ordinal)
            .ToList() ?? [];
    }
}
