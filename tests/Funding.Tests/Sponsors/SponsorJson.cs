using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

internal static class SponsorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Options)!;
    }

    /// <summary>A 400 whose errors name exactly <paramref name="fields"/>.</summary>
    public static async Task AssertFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ReadAsync<ValidationProblemDetails>(System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(fields.Order(), problem.Errors.Keys.Order());
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string path, T body) =>
        client.PostAsJsonAsync(path, body, Options);
}
