using System.Net.Http.Headers;
using System.Text;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>
/// One hostile request. <see cref="Refused"/>: the service must answer 4xx, and a 400 must name
/// <see cref="Field"/> (in <c>errors</c> or <c>detail</c>); otherwise any answer but a 5xx.
/// </summary>
public sealed record HostileCase(
    ApiOperation Operation, string Kind, string? Field, bool Refused, string PathAndQuery, Func<HttpContent?> Content,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    public override string ToString() => $"{Operation} [{Kind}{(Field is null ? "" : $" in {Field}")}]";

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Operation.Method), new Uri(PathAndQuery, UriKind.Relative)) { Content = Content() };
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new InvalidOperationException($"The header {name} cannot be sent.");
            }
        }

        return request;
    }
}

/// <summary>
/// The cases of one operation, derived from its contract alone: every parameter and body field
/// broken one at a time while the rest of the request stays readable, then the body and the
/// headers as a whole.
/// </summary>
public static class HostileCases
{
    private const int TenMegabytes = 10 * 1024 * 1024;
    private static readonly string OverlongHeader = new('h', 16 * 1024);

    public static IEnumerable<HostileCase> For(ApiOperation operation)
    {
        if (!operation.TakesInput)
        {
            return [];
        }

        var request = new BaseRequest(operation);
        return Headers(request)
            .Concat(Paths(request))
            .Concat(Queries(request))
            .Concat(HeaderParameters(request))
            .Concat(operation.Body switch
            {
                null => [],
                { Fields: null } text => TextBodies(request, text.MediaType),
                { Fields: { } fields } => JsonBodies(request, fields),
            });
    }

    /// <summary>Non-JSON <c>Accept</c> and an overlong header on an otherwise ordinary request.</summary>
    private static IEnumerable<HostileCase> Headers(BaseRequest request)
    {
        foreach (var accept in new[] { "text/html", "application/xml", "*/*;q=0" })
        {
            yield return request.Case($"accept {accept}", null, false, headers: [("Accept", accept)]);
        }

        yield return request.Case("overlong-header", null, false, headers: [("X-Hostile-Padding", OverlongHeader)]);
    }

    private static IEnumerable<HostileCase> Paths(BaseRequest request)
    {
        foreach (var parameter in request.Operation.Parameters.Where(p => p.In == "path"))
        {
            // A NUL in a path never reaches the application: Kestrel answers it with a bare 400 of its own, and the
            // test server's client refuses to send it. In a query or a body it does arrive, and is tested there.
            foreach (var value in HostileValues.ForUrl(parameter.Name, parameter.Shape).Where(v => v.Kind != "nul-byte"))
            {
                yield return request.Case(value.Kind, parameter.Name, value.Refused, path: (parameter.Name, value.Text!));
            }

            if (parameter.Shape.Kind == ValueKind.Uuid)
            {
                yield return request.Case("unknown-guid", parameter.Name, false, path: (parameter.Name, Guid.NewGuid().ToString()));
            }
        }
    }

    private static IEnumerable<HostileCase> Queries(BaseRequest request)
    {
        foreach (var parameter in request.Operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var value in HostileValues.ForUrl(parameter.Name, parameter.Shape))
            {
                yield return request.Case(value.Kind, parameter.Name, value.Refused, query: [(parameter.Name, value.Text!)]);
            }

            var usual = HostileValues.BaseText(parameter.Shape);
            yield return request.Case("repeated", parameter.Name, false, query: [(parameter.Name, usual), (parameter.Name, usual)]);
        }
    }

    private static IEnumerable<HostileCase> HeaderParameters(BaseRequest request)
    {
        foreach (var parameter in request.Operation.Parameters.Where(p => p.In == "header"))
        {
            foreach (var (kind, value) in new[] { ("overlong", OverlongHeader), ("blank", "   "), ("just-too-long", new string('k', 101)) })
            {
                yield return request.Case($"{kind}-header", parameter.Name, true, headers: [(parameter.Name, value)]);
            }
        }
    }

    private static IEnumerable<HostileCase> JsonBodies(BaseRequest request, IReadOnlyList<BodyField> fields)
    {
        var usual = fields.Select(f => (f.Name, Json: HostileValues.Base(f.Shape))).ToList();
        var valid = Object(usual);
        foreach (var (kind, body) in new[]
        {
            ("malformed-json", valid[..^1] + ",\""),
            ("not-json", "not json"),
            ("wrong-root-array", "[]"),
            ("json-null", "null"),
            ("empty-body", ""),
            ("deep-nesting", Object([.. usual, ("nested", new string('[', 10_000) + new string(']', 10_000))])),
        })
        {
            yield return request.Case(kind, null, true, content: () => Json(body));
        }

        // Inside a value the service reads as text; in a field it ignores, the reader skips it undecoded, and nothing is at stake.
        var decoded = fields.FirstOrDefault(f => ReadsText(f.Shape));
        var invalid = InvalidUtf8(decoded is null ? [.. usual, ("broken", "\"@@\"")] : [.. usual.Select(f => f.Name == decoded.Name ? (f.Name, Marker(f.Json)) : f)]);
        yield return request.Case("invalid-utf8", decoded?.Name, decoded is not null, content: () => Json(invalid));
        yield return request.Case("extra-fields", null, false,
            content: () => Json(Object([.. usual, ("unexpectedField", "\"x\""), ("__proto__", "{\"isAdmin\":true}")])));
        yield return request.Case("wrong-content-type", null, true, content: () => new StringContent(valid, Encoding.UTF8, "text/plain"));

        yield return request.Case("ten-megabyte-body", null, true, content: () => TenMegabyteBody(valid, withLength: true));
        yield return request.Case("ten-megabyte-body-without-length", null, true, content: () => TenMegabyteBody(valid, withLength: false));

        foreach (var field in fields)
        {
            var others = usual.Where(f => f.Name != field.Name).ToList();
            yield return request.Case("missing", field.Name, false, content: () => Json(Object(others)));
            yield return request.Case("null", field.Name, false, content: () => Json(Object([.. others, (field.Name, "null")])));
            yield return request.Case("duplicate-key", field.Name, true,
                content: () => Json(Object([.. usual, (field.Name, HostileValues.Base(field.Shape))])));
            foreach (var value in HostileValues.For(field.Name, field.Shape))
            {
                var body = Object([.. others, (field.Name, value.Json)]);
                yield return request.Case(value.Kind, field.Name, value.Refused, content: () => Json(body));
            }
        }
    }

    /// <summary>A file upload: the contract says only that it is text, so the cases are about the file as a whole.</summary>
    private static IEnumerable<HostileCase> TextBodies(BaseRequest request, string mediaType)
    {
        foreach (var (kind, body) in new[]
        {
            ("garbage-text", "not,a\n\"valid\ncsv"),
            ("nul-bytes", "a,b\n\0\0\0,\0\n"),
            ("formula-injection", "=cmd|'/C calc'!A0,+1,-1,@SUM(A1)\n"),
            ("empty-body", ""),
            ("huge-line", HostileValues.Huge),
            ("ten-megabyte-body", string.Concat(Enumerable.Repeat("a,b,c\n", TenMegabytes / 6))),
        })
        {
            yield return request.Case(kind, null, false, content: () => new StringContent(body, Encoding.UTF8, mediaType));
        }

        yield return request.Case("invalid-utf8", null, false, content: () => new ByteArrayContent([0xC3, 0x28, 0xFF, 0x0A])
        {
            Headers = { ContentType = new MediaTypeHeaderValue(mediaType) },
        });
        yield return request.Case("wrong-content-type", null, true, content: () => Json("{}"));
    }

    private static string Object(IEnumerable<(string Name, string Json)> fields) =>
        "{" + string.Join(",", fields.Select(f => $"{HostileValues.Quote(f.Name)}:{f.Json}")) + "}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent Json(byte[] body) => new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    /// <summary>
    /// The ordinary body with a 10 MB string in front, written from one shared block rather than built per
    /// request; without a length it is sent chunked, so only reading it shows how large it is.
    /// </summary>
    private static PaddedContent TenMegabyteBody(string valid, bool withLength) =>
        new(Encoding.UTF8.GetBytes("{\"padding\":\""), Padding, Encoding.UTF8.GetBytes("\"," + valid[1..]), withLength)
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        };

    private static bool ReadsText(ValueShape shape) =>
        shape.Kind is ValueKind.Text or ValueKind.PatternedText or ValueKind.Date or ValueKind.Uuid
        || (shape.Kind == ValueKind.Array && ReadsText(shape.Items!));

    /// <summary>The field's ordinary value with its string replaced by the marker (<c>["@@"]</c> for an array).</summary>
    private static string Marker(string json) => json.StartsWith('[') ? "[\"@@\"]" : "\"@@\"";

    /// <summary>The body with the marker's two bytes replaced by a sequence that is not UTF-8.</summary>
    private static byte[] InvalidUtf8(IReadOnlyList<(string Name, string Json)> fields)
    {
        var marker = Encoding.UTF8.GetBytes(Object(fields));
        var at = marker.AsSpan().IndexOf("@@"u8);
        marker[at] = 0xC3;
        marker[at + 1] = 0x28;
        return marker;
    }

    /// <summary>The operation's request with every input at its ordinary value; a case changes one thing.</summary>
    private sealed class BaseRequest(ApiOperation operation)
    {
        private readonly Dictionary<string, string> _path = operation.Parameters.Where(p => p.In == "path")
            .ToDictionary(p => p.Name, p => HostileValues.BaseText(p.Shape));

        private readonly List<(string, string)> _query = [.. operation.Parameters.Where(p => p.In == "query" && p.Required)
            .Select(p => (p.Name, HostileValues.BaseText(p.Shape)))];

        private readonly string? _body = operation.Body is { Fields: { } fields }
            ? Object(fields.Select(f => (f.Name, HostileValues.Base(f.Shape))))
            : null;

        public ApiOperation Operation { get; } = operation;

        public HostileCase Case(
            string kind, string? field, bool refused, (string Name, string Value)? path = null,
            IReadOnlyList<(string Name, string Value)>? query = null, IReadOnlyList<(string Name, string Value)>? headers = null,
            Func<HttpContent?>? content = null)
        {
            var route = Operation.Path;
            foreach (var (name, value) in _path)
            {
                var text = path is { } changed && changed.Name == name ? changed.Value : value;
                route = route.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
            }

            var parameters = query is null ? _query : [.. _query.Where(q => query.All(h => h.Name != q.Item1)), .. query];
            var queryString = parameters.Count == 0
                ? ""
                : "?" + string.Join("&", parameters.Select(q => $"{Uri.EscapeDataString(q.Item1)}={Uri.EscapeDataString(q.Item2)}"));
            var body = _body;
            var mediaType = Operation.Body?.MediaType;
            return new HostileCase(Operation, kind, field, refused, route + queryString,
                content ?? (() => body is null ? (mediaType is null ? null : new StringContent("", Encoding.UTF8, mediaType)) : Json(body)),
                headers ?? []);
        }
    }

    private static readonly byte[] Padding = Enumerable.Repeat((byte)'A', TenMegabytes).ToArray();

    private sealed class PaddedContent(byte[] prefix, byte[] padding, byte[] suffix, bool withLength) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(prefix);
            await stream.WriteAsync(padding);
            await stream.WriteAsync(suffix);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = prefix.Length + padding.Length + suffix.Length;
            return withLength;
        }
    }
}
