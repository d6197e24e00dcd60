using System.Text.Json;
using System.Text.Json.Serialization;

namespace PijarSemar.Contracts;

/// <summary>
/// A <see cref="Period"/> is the JSON string <c>"yyyy-MM"</c>. Anything else throws
/// <see cref="JsonException"/>, which the services answer with a 400 naming the field.
/// </summary>
public sealed class PeriodJsonConverter : JsonConverter<Period>
{
    public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Period.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException($"A period is a string written yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.");

    public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());

    public override Period ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Period.TryParse(reader.GetString(), out var period)
            ? period
            : throw new JsonException($"A period key is written yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
