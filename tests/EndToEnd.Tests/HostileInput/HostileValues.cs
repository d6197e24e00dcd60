using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>
/// One hostile value: <see cref="Json"/> as it goes into a body (raw JSON, so it can be what no
/// serializer would write), <see cref="Text"/> as it goes into a query or path. <see cref="Refused"/>
/// says the service must refuse it and name the field; otherwise any answer but a 5xx will do
/// (a name with an emoji may well be accepted).
/// </summary>
public sealed record HostileValue(string Kind, string Json, string? Text, bool Refused);

/// <summary>A representative value per hostile kind and value kind, not every combination.</summary>
public static class HostileValues
{
    public const string SqlInjection = "'; DROP TABLE workers;--";
    public const string MarkupInjection = "<script>alert(1)</script>";

    /// <summary>A combining accent, a right-to-left override and an emoji with a skin tone and a joiner, in one name.</summary>
    public const string UnicodeName = "Siti\u0301 Ra\u0308hayu \u202Eufam\u202C 👩🏽‍🌾";

    /// <summary>Long enough to overflow any column and any log line; the same for every text field.</summary>
    public static readonly string Huge = new('A', 100_000);

    /// <summary>In a URL: Kestrel refuses a request line over 8 KB (414) before the application, as a proxy would.</summary>
    public static readonly string LongForUrl = new('A', 4_000);

    /// <summary>Names of fields that hold a NIK or a NIP.</summary>
    private static readonly string[] IdentifierNames = ["nik", "nip", "identifier"];

    /// <summary>The hostile values of a field or parameter named <paramref name="name"/>.</summary>
    public static IEnumerable<HostileValue> For(string name, ValueShape shape) => shape.Kind switch
    {
        ValueKind.Text => Texts(name, refusedUnlessPatternMatches: null),
        ValueKind.PatternedText => Texts(name, shape.Pattern).Concat([Json("period-impossible-month", "2026-13", shape.Pattern), Json("period-zero", "0000-00", shape.Pattern),
            Json("period-impossible-day", "2026-02-30", shape.Pattern)]),
        ValueKind.Integer32 or ValueKind.Integer64 => Integers(shape.Kind),
        ValueKind.Number =>
        [
            new("wrong-type-string", Quote("abc"), "abc", true),
            new("wrong-type-boolean", "true", "true", true),
            new("overflow-1e309", "1e309", "1e309", true),
            new("not-a-number", Quote("NaN"), "NaN", true),
            new("negative", "-1", "-1", false),
        ],
        ValueKind.Boolean =>
        [
            new("wrong-type-word", Quote("yes"), "yes", true),
            new("wrong-type-number", "1", "1", true),
            new("wrong-type-string", Quote("true"), null, true),
        ],
        ValueKind.Date => Dates(),
        ValueKind.Uuid =>
        [
            new("not-a-guid", Quote("not-a-guid"), "not-a-guid", true),
            new("wrong-type-number", "123", null, true),
            new("empty-guid", Quote(Guid.Empty.ToString()), Guid.Empty.ToString(), false),
        ],
        ValueKind.Array =>
        [
            new("wrong-type-not-an-array", Quote("x"), null, true),
            new("wrong-item-type", $"[{WrongItem(shape.Items!)}]", null, true),
            new("empty-array", "[]", null, false),
            new("ten-thousand-items", $"[{string.Join(',', Enumerable.Repeat(Base(shape.Items!), 10_000))}]", null, false),
        ],
        _ => throw new UnderivableSchemaException($"no hostile values for {shape.Kind}"),
    };

    /// <summary>The query or path forms: the body's values that can be written in a URL, with text kept short enough for one.</summary>
    public static IEnumerable<HostileValue> ForUrl(string name, ValueShape shape) =>
        For(name, shape with { Kind = shape.Kind == ValueKind.Array ? shape.Items!.Kind : shape.Kind })
            .Where(v => v.Text is not null)
            .Select(v => v.Kind == "huge" ? v with { Kind = "long", Text = LongForUrl } : v);

    /// <summary>A value of the right type that the serializer reads, so a case breaks only the field it is about.</summary>
    public static string Base(ValueShape shape) => shape.Kind switch
    {
        ValueKind.Text => shape.Example ?? Quote("x"),
        ValueKind.PatternedText => shape.Example
            ?? throw new UnderivableSchemaException($"a text with pattern {shape.Pattern} has no example to start from"),
        ValueKind.Integer32 or ValueKind.Integer64 => "1",
        ValueKind.Number => "1",
        ValueKind.Boolean => "true",
        ValueKind.Date => Quote("2026-01-15"),
        ValueKind.Uuid => Quote(Guid.NewGuid().ToString()),
        ValueKind.Array => $"[{Base(shape.Items!)}]",
        _ => throw new UnderivableSchemaException($"no base value for {shape.Kind}"),
    };

    /// <summary>The base value as a query or path segment.</summary>
    public static string BaseText(ValueShape shape) => Base(shape) is var json && json.StartsWith('"') ? JsonSerializer.Deserialize<string>(json)! : json;

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    private static IEnumerable<HostileValue> Texts(string name, string? refusedUnlessPatternMatches)
    {
        // Every edge of a NIK (16 digits) or NIP (18) where one is expected; elsewhere one stands for text that is all digits.
        var identifier = IdentifierNames.Any(n => name.Contains(n, StringComparison.OrdinalIgnoreCase));
        // Control characters are refused whatever the field: the shared converter and query check see to it.
        yield return new("nul-byte", Quote("a\0b"), "a\0b", true);
        yield return new("control-characters", Quote("a\u0007\u001b[2J\u009f"), "a\u0007\u001b[2J\u009f", true);
        yield return new("wrong-type-number", "12345", null, true);
        yield return new("wrong-type-object", "{}", null, true);
        foreach (var (kind, value) in new[]
        {
            ("huge", Huge),
            ("sql-injection", SqlInjection),
            ("markup-injection", MarkupInjection),
            ("unicode-name", UnicodeName),
            ("blank", "   "),
            ("nik-17-digits", "33740101017000011"),
            ("nik-15-digits", "337401010170001"),
            ("nik-letters", "33740101017000AB"),
            ("nik-spaces", "3374 0101 0170 0001"),
            ("nip-19-digits", "1970010120000110012"),
        }.Where(v => identifier || !v.Item1.StartsWith("ni", StringComparison.Ordinal) || v.Item1 == "nik-17-digits"))
        {
            yield return Json(kind, value, refusedUnlessPatternMatches);
        }

        // Written by hand: a serializer never writes half a surrogate pair.
        yield return new("lone-surrogate", "\"\\ud800\"", null, refusedUnlessPatternMatches is not null);
    }

    private static HostileValue Json(string kind, string value, string? pattern) =>
        new(kind, Quote(value), value, pattern is not null && !Regex.IsMatch(value, pattern));

    private static IEnumerable<HostileValue> Integers(ValueKind kind)
    {
        var beyondLong = ((decimal)long.MaxValue + 1).ToString(CultureInfo.InvariantCulture);
        var belowLong = ((decimal)long.MinValue - 1).ToString(CultureInfo.InvariantCulture);
        yield return new("wrong-type-string", Quote("abc"), "abc", true);
        yield return new("fraction", "1.5", "1.5", true);
        yield return new("wrong-type-boolean", "true", "true", true);
        yield return new("overflow-long-max-plus-one", beyondLong, beyondLong, true);
        yield return new("overflow-below-long-min", belowLong, belowLong, true);
        yield return new("overflow-1e309", "1e309", "1e309", true);
        yield return new("negative", "-1", "-1", false);
        if (kind == ValueKind.Integer32)
        {
            yield return new("overflow-int-max-plus-one", "2147483648", "2147483648", true);
        }
    }

    private static IEnumerable<HostileValue> Dates()
    {
        foreach (var (kind, value) in new[]
        {
            ("impossible-day", "2026-02-30"),
            ("impossible-month", "2026-13-01"),
            ("zero-date", "0000-00-00"),
            ("local-format", "15/01/2026"),
            ("impossible-time", "2026-01-15T25:00:00"),
        })
        {
            yield return new(kind, Quote(value), value, true);
        }

        yield return new("wrong-type-number", "20260115", null, true);
        yield return new("first-day-of-the-calendar", Quote("0001-01-01"), "0001-01-01", false);
        yield return new("last-day-of-the-calendar", Quote("9999-12-31"), "9999-12-31", false);
    }

    private static string WrongItem(ValueShape items) => items.Kind switch
    {
        ValueKind.Text or ValueKind.PatternedText or ValueKind.Date or ValueKind.Uuid => "123",
        _ => Quote("abc"),
    };
}
