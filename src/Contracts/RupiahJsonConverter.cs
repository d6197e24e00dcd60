using System.Text.Json;
using System.Text.Json.Serialization;

namespace PijarSemar.Contracts;

/// <summary>
/// A <see cref="Rupiah"/> is a JSON integer number. A string, a fraction (<c>16800.5</c>, even
/// <c>16800.0</c>) or a number outside the range of <see cref="long"/> throws
/// <see cref="JsonException"/>, which the services answer with a 400 naming the field.
/// </summary>
public sealed class RupiahJsonConverter : JsonConverter<Rupiah>
{
    public override Rupiah Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var amount)
            ? new Rupiah(amount)
            : throw new JsonException("An amount is a whole number of rupiah, written as a JSON number without quotes or decimals.");

    public override void Write(Utf8JsonWriter writer, Rupiah value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Amount);
}
