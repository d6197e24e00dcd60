using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PijarSemar.ServiceDefaults.Idempotency;

namespace PijarSemar.ServiceDefaults.OpenApi;

/// <summary>
/// Declares the optional <c>Idempotency-Key</c> header on the operations that honour it, with the
/// shape the filter accepts: the endpoint filter reads it from the request, so the generator never sees it.
/// </summary>
public sealed class IdempotencyKeyParameterTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentEndpoint>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Retry safely: the same key with the same request gets the first answer again; with another request, a 422.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyFilter.MaxKeyLength,
                Pattern = "^[\\x20-\\x7E]*[\\x21-\\x7E][\\x20-\\x7E]*$",
            },
        });
        return Task.CompletedTask;
    }
}
