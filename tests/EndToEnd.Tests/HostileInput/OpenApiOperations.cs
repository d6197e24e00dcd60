using System.Text.Json;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>What a value of a field or parameter is, as far as the contract says.</summary>
public enum ValueKind
{
    Text,
    PatternedText,
    Integer32,
    Integer64,
    Number,
    Boolean,
    Date,
    Uuid,
    Array,
}

/// <summary>A field's type; <see cref="Example"/> is the document's example, raw JSON.</summary>
public sealed record ValueShape(ValueKind Kind, string? Pattern = null, ValueShape? Items = null, string? Example = null);

public sealed record BodyField(string Name, ValueShape Shape);

/// <summary>A parameter in the path, query or a header.</summary>
public sealed record OperationParameter(string Name, string In, ValueShape Shape, bool Required);

/// <summary>A request body: a JSON object of <see cref="Fields"/>, or text (CSV) when <see cref="Fields"/> is null.</summary>
public sealed record OperationBody(string MediaType, IReadOnlyList<BodyField>? Fields);

public sealed record ApiOperation(
    string Method, string Path, IReadOnlyList<string> Roles, IReadOnlyList<OperationParameter> Parameters, OperationBody? Body)
{
    public override string ToString() => $"{Method} {Path}";

    public bool TakesInput => Body is not null || Parameters.Count > 0;
}

/// <summary>
/// The operations of a service's OpenAPI document, with every parameter and body field typed.
/// A schema the table cannot type (an empty one, a nested object, a media type it cannot write)
/// is an error, so an endpoint is never silently left without cases.
/// </summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    /// <summary>The operations, and for each one the contract does not describe well enough, why.</summary>
    public static (IReadOnlyList<ApiOperation> Operations, IReadOnlyList<string> Underivable) Read(JsonElement document)
    {
        var operations = new List<ApiOperation>();
        var underivable = new List<string>();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }

                var name = $"{method.ToUpperInvariant()} {path.Name}";
                try
                {
                    operations.Add(new ApiOperation(
                        method.ToUpperInvariant(), path.Name, RolesOf(operation), ParametersOf(operation, schemas), BodyOf(operation, schemas)));
                }
                catch (UnderivableSchemaException e)
                {
                    underivable.Add($"{name}: {e.Message}");
                }
            }
        }

        return (operations, underivable);
    }

    private static List<string> RolesOf(JsonElement operation) =>
        operation.TryGetProperty("x-roles", out var roles) ? [.. roles.EnumerateArray().Select(r => r.GetString()!)] : [];

    private static List<OperationParameter> ParametersOf(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("parameters", out var parameters))
        {
            return [];
        }

        return [.. parameters.EnumerateArray().Select(p =>
        {
            var name = p.GetProperty("name").GetString()!;
            var shape = Shape(p.TryGetProperty("schema", out var schema) ? schema : default, schemas, $"parameter {name}");
            return new OperationParameter(name, p.GetProperty("in").GetString()!, shape, p.TryGetProperty("required", out var r) && r.GetBoolean());
        })];
    }

    private static OperationBody? BodyOf(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body))
        {
            return null;
        }

        var content = body.GetProperty("content").EnumerateObject().ToList();
        if (content.FirstOrDefault(c => c.Name == "application/json") is { Value.ValueKind: JsonValueKind.Object } json)
        {
            var schema = Resolve(json.Value.GetProperty("schema"), schemas);
            if (!schema.TryGetProperty("properties", out var properties) || !IsType(schema, "object"))
            {
                throw new UnderivableSchemaException($"the JSON body schema {schema} is not an object with properties");
            }

            return new OperationBody("application/json", [.. properties.EnumerateObject()
                .Select(p => new BodyField(p.Name, Shape(p.Value, schemas, $"field {p.Name}")))]);
        }

        // A text body (a CSV file): the contract must still say it is a string.
        var text = content.FirstOrDefault(c => c.Name.StartsWith("text/", StringComparison.Ordinal));
        if (text.Value.ValueKind == JsonValueKind.Object && Shape(text.Value.GetProperty("schema"), schemas, $"{text.Name} body").Kind == ValueKind.Text)
        {
            return new OperationBody(text.Name, null);
        }

        throw new UnderivableSchemaException($"no request body media type the table can write among {string.Join(", ", content.Select(c => c.Name))}");
    }

    private static ValueShape Shape(JsonElement schema, JsonElement schemas, string what)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new UnderivableSchemaException($"{what} has no schema");
        }

        schema = Resolve(schema, schemas);
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var alternatives = oneOf.EnumerateArray().Where(s => !IsOnlyNull(s)).ToList();
            return alternatives.Count == 1
                ? Shape(alternatives[0], schemas, what)
                : throw new UnderivableSchemaException($"{what} is one of several schemas: {oneOf}");
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var pattern = schema.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        var example = schema.TryGetProperty("examples", out var e) && e.GetArrayLength() > 0 ? e[0].GetRawText() : null;
        if (IsType(schema, "integer"))
        {
            return new ValueShape(format == "int32" ? ValueKind.Integer32 : ValueKind.Integer64);
        }

        if (IsType(schema, "number"))
        {
            return new ValueShape(ValueKind.Number);
        }

        if (IsType(schema, "boolean"))
        {
            return new ValueShape(ValueKind.Boolean);
        }

        if (IsType(schema, "array"))
        {
            return new ValueShape(ValueKind.Array, Items: Shape(schema.TryGetProperty("items", out var items) ? items : default, schemas, $"{what}[]"));
        }

        if (IsType(schema, "string"))
        {
            return format switch
            {
                "date" => new ValueShape(ValueKind.Date),
                "uuid" => new ValueShape(ValueKind.Uuid),
                _ when pattern is not null => new ValueShape(ValueKind.PatternedText, pattern, Example: example),
                _ => new ValueShape(ValueKind.Text, Example: example),
            };
        }

        throw new UnderivableSchemaException($"{what} has a schema the table cannot type: {schema}");
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;

    /// <summary>Whether <c>type</c> is <paramref name="type"/> or a list naming it (<c>["null", "integer", "string"]</c> is an integer).</summary>
    private static bool IsType(JsonElement schema, string type) =>
        schema.TryGetProperty("type", out var declared) && declared.ValueKind switch
        {
            JsonValueKind.String => declared.GetString() == type,
            JsonValueKind.Array => declared.EnumerateArray().Any(t => t.GetString() == type),
            _ => false,
        };

    private static bool IsOnlyNull(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";
}

public sealed class UnderivableSchemaException(string message) : Exception(message);
