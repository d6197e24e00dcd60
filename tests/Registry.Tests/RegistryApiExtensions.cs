using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Registry;
using Xunit;

namespace PijarSemar.Registry.Tests;

internal static class RegistryApiExtensions
{
    public static async Task<WorkerResponse> RegisterAsync(this HttpClient client, RegisterWorkerRequest request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/workers", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
    }

    public static async Task<WorkerResponse> VerifiedAsync(this HttpClient client, RegisterWorkerRequest request)
    {
        var worker = await client.RegisterAsync(request);
        var response = await client.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
    }

    /// <summary>The field names of a 400 ValidationProblem's <c>errors</c>.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];
    }

    /// <summary>Letters only, so it can sit inside a name and make a search match just this test's workers.</summary>
    public static string UniqueWord() =>
        new([.. Enumerable.Range(0, 10).Select(_ => (char)('a' + Random.Shared.Next(26)))]);
}
