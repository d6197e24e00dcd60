using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace PijarSemar.TestSupport;

public static class ProblemAssertions
{
    /// <summary>Asserts a ProblemDetails answer with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> name exactly <paramref name="fields"/>.</summary>
    public static async Task FieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(fields.Order().ToArray(), named);
    }

    public static string Title(this JsonElement problem) => problem.GetProperty("title").GetString()!;
}
