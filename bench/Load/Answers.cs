using System.Net;
using System.Text.Json;

namespace PijarSemar.LoadBench;

/// <summary>How answers are judged and described: by status and ProblemDetails title only, so no personal data a body may hold is printed.</summary>
internal static class Answers
{
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        var title = "";
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("title", out var t))
            {
                title = " " + t.GetString();
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails: the status says enough.
        }

        return $"{(int)response.StatusCode} {response.StatusCode}{title}";
    }

    /// <summary>For the seeding, where anything unexpected ends the run: the answer when it has one of <paramref name="expected"/>.</summary>
    public static async Task<HttpResponseMessage> ExpectAsync(this Task<HttpResponseMessage> sending, string what, params HttpStatusCode[] expected)
    {
        var response = await sending;
        if (!expected.Contains(response.StatusCode))
        {
            var description = await DescribeAsync(response);
            response.Dispose();
            throw new InvalidOperationException($"{what}: {description}");
        }

        return response;
    }

    /// <summary>The id at the end of a 201's Location (<c>/api/v1/workers/{id}</c>).</summary>
    public static Guid CreatedId(HttpResponseMessage response) =>
        Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
}
