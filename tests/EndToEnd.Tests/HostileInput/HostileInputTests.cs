using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>
/// Every operation of every service, read from the service's own OpenAPI document, sent hostile
/// input field by field with a token of a role it admits: never a 5xx, every 4xx a ProblemDetails
/// (naming the field when it is a 400), and a refused request leaves every table as it was.
/// </summary>
public sealed class HostileInputTests(LinkedServices stack, ITestOutputHelper output) : IClassFixture<LinkedServices>
{
    /// <summary>Bounds, not expectations: the four tables take about 80 s together on a loaded two-core machine.</summary>
    private static readonly TimeSpan TablePatience = TimeSpan.FromSeconds(240);

    /// <summary>The first request to a service also compiles its queries, which takes seconds when the machine is busy.</summary>
    private static readonly TimeSpan RequestPatience = TimeSpan.FromSeconds(60);

    private static readonly string[] Services = ["registry", "funding", "billing", "claims"];

    /// <summary>
    /// Tables that background work writes on its own schedule, whatever the requests: comparing them
    /// would blame a request for a timer. Funding's copy of Billing's tariffs is replaced by its
    /// refresher (<c>TariffRefresher</c>) as soon as Billing answers, which may be in the middle of the table.
    /// </summary>
    private static readonly Dictionary<string, string[]> WrittenInTheBackground = new()
    {
        ["funding"] = ["public.tariffs"],
    };

    [Fact]
    public async Task Every_operation_of_every_service_answers_hostile_input_with_a_problem_never_a_server_error_and_writes_nothing()
    {
        using var timeout = new CancellationTokenSource(TablePatience);

        // The four tables at once: each service has its own database, and none waits for another.
        var tables = await Task.WhenAll(Services.Select(service => RunTableAsync(service, timeout.Token)));
        foreach (var table in tables)
        {
            output.WriteLine(table.Summary);
        }

        var failures = tables.SelectMany(t => t.Failures).ToList();
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} hostile requests were mishandled:\n{string.Join("\n", failures.Take(60))}");
    }

    /// <summary>Every case of every operation of one service, one at a time, with the database compared around each.</summary>
    private async Task<(string Summary, List<string> Failures)> RunTableAsync(string service, CancellationToken ct)
    {
        var (client, connectionString) = Target(service);
        using var _ = client;
        client.Timeout = RequestPatience;
        var clock = Stopwatch.StartNew();

        var (operations, underivable) = OpenApiOperations.Read(await DocumentAsync(client, ct));
        var failures = underivable.Select(u => $"{service}: no cases can be derived for {u}").ToList();
        var fingerprint = await DatabaseFingerprint.ForAsync(connectionString, WrittenInTheBackground.GetValueOrDefault(service, []));
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        var comparing = TimeSpan.Zero;
        foreach (var operation in operations)
        {
            var tables = await fingerprint.TakeAsync(ct);
            foreach (var hostile in HostileCases.For(operation))
            {
                using var request = hostile.ToRequest();
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(operation, service, ++sent));
                using var response = await AnswerAsync(client, request, ct);
                if (response is null)
                {
                    failures.Add($"{service} {hostile}: no answer within {client.Timeout.TotalSeconds:0} s");
                    continue;
                }

                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                failures.AddRange((await ProblemsWithAsync(hostile, response, ct)).Select(p => $"{service} {hostile}: {p}"));

                // A 2xx may write (a name with an emoji is a name); whatever was refused must have written nothing.
                var started = clock.Elapsed;
                var after = await fingerprint.TakeAsync(ct);
                comparing += clock.Elapsed - started;
                if (status >= 400)
                {
                    failures.AddRange(DatabaseFingerprint.Changes(tables, after).Select(c => $"{service} {hostile}: answered {status} but changed {c}"));
                }

                tables = after;
            }
        }

        var summary = $"{service}: {operations.Count} operations, {sent} requests in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({comparing.TotalSeconds:0.0} s comparing the database); answers {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}";
        return (summary, failures);
    }

    /// <summary>The answer, or null when none came in time: one hanging case is reported, and the table goes on.</summary>
    private static async Task<HttpResponseMessage?> AnswerAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, ct);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>What is wrong with the answer to one case; nothing when it is right.</summary>
    private static async Task<IEnumerable<string>> ProblemsWithAsync(HostileCase hostile, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        var answer = $"{status} {response.Content.Headers.ContentType?.MediaType ?? "(no content type)"} {Shortened(body)}";
        if (status >= 500)
        {
            return [$"a server error: {answer}"];
        }

        if (status < 400)
        {
            return hostile.Refused ? [$"accepted what must be refused: {answer}"] : [];
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return [$"a {status} that is not a ProblemDetails: {answer}"];
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return [$"a ProblemDetails that is not JSON: {answer}"];
        }

        var problems = new List<string>();
        if (!problem.TryGetProperty("status", out var declared) || declared.ValueKind != JsonValueKind.Number || declared.GetInt32() != status)
        {
            problems.Add($"the ProblemDetails does not say status {status}: {answer}");
        }

        if (!problem.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString()))
        {
            problems.Add($"the ProblemDetails has no title: {answer}");
        }

        if (status == 400 && hostile.Refused && hostile.Field is { } field && !Names(problem, field))
        {
            problems.Add($"the 400 does not name {field}: {answer}");
        }

        return problems;
    }

    /// <summary>Whether <c>errors</c> has an entry for the field (<c>ids[0]</c> names <c>ids</c>) or <c>detail</c> mentions it.</summary>
    private static bool Names(JsonElement problem, string field) =>
        (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().Any(e => e.Name.Contains(field, StringComparison.OrdinalIgnoreCase)))
        || (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
            && detail.GetString()!.Contains(field, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A role the operation admits, so the case reaches validation rather than a 403; a subject of
    /// its own per request, so the per-caller rate limits (a few searches a minute) never answer instead.
    /// </summary>
    private static string TokenFor(ApiOperation operation, string service, int request) =>
        TestTokens.For($"hostile-{service}-{request}", operation.Roles.Count > 0 ? operation.Roles[0] : Roles.Operator);

    private static async Task<JsonElement> DocumentAsync(HttpClient client, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/openapi/v1.json", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("hostile-reader", Roles.Auditor));
        using var response = await client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
    }

    private (HttpClient Client, string ConnectionString) Target(string service) => service switch
    {
        "registry" => (stack.Registry.AnonymousClient(), stack.Registry.ConnectionString),
        "funding" => (stack.Funding.AnonymousClient(), stack.Funding.ConnectionString),
        "billing" => (stack.Billing.AnonymousClient(), stack.Billing.ConnectionString),
        "claims" => (stack.Claims.AnonymousClient(), stack.Claims.ConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Not one of the four services."),
    };

    private static string Shortened(string body) => body.Length <= 400 ? body : body[..400] + "…";
}
