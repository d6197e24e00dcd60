using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PijarSemar.Contracts;

namespace PijarSemar.ServiceDefaults.OpenApi;

/// <summary>
/// Describes the types our own JSON converters read. The schema generator cannot see through a
/// custom converter and writes an empty schema (anything goes) for them, so every string of every
/// request (read by the control-character check), every period and every amount would otherwise be
/// undocumented: a client, or a test generated from the contract, could not tell a string from a number.
/// </summary>
public sealed class ConvertedTypesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (type == typeof(Period))
        {
            schema.Type = JsonSchemaType.String;
            schema.Pattern = @"^\d{4}-(0[1-9]|1[0-2])$";
            schema.Description ??= $"A calendar month, yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.";
            schema.Examples = [JsonValue.Create("2026-01")];
        }
        else if (type == typeof(Rupiah))
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Format = "int64";
            schema.Description ??= "Whole rupiah, a JSON integer number.";
        }

        return Task.CompletedTask;
    }
}
