using System.Text.Json;
using System.Text.Json.Serialization;

namespace PijarSemar.ServiceDefaults.Validation;

/// <summary>
/// Reads every JSON string (property values, array items and dictionary keys) and refuses one
/// holding a <see cref="ControlCharacters">control character</see>. The serializer adds the
/// JSON path to the exception, so the error handler names the field.
/// </summary>
public sealed class TextWithoutControlsConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Checked(reader.GetString()!)
            : throw new JsonException("A string was expected.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);

    private static string Checked(string value) =>
        ControlCharacters.Contain(value) ? throw new ControlCharacterException() : value;
}

/// <summary>A JSON string held a control character; the serializer fills in its path.</summary>
public sealed class ControlCharacterException() : JsonException(ControlCharacters.Message);
