using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>Puts workers into each lifecycle status through the API, and reads what a change left behind.</summary>
internal static class LifecycleApi
{
    public static DateOnly SemarangToday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    public static async Task<WorkerResponse> RejectedAsync(this HttpClient client, RegisterWorkerRequest request)
    {
        var worker = await client.RegisterAsync(request);
        return await client.OkAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(false, "No KTP shown"));
    }

    public static async Task<WorkerResponse> DeactivatedAsync(this HttpClient client, RegisterWorkerRequest request, string reason = "MovedAway")
    {
        var worker = await client.VerifiedAsync(request);
        return await client.OkAsync($"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest(reason, SemarangToday, null));
    }

    /// <summary>A worker in <paramref name="status"/>: Registered, Verified, Rejected, Deactivated (moved away) or Deceased.</summary>
    public static Task<WorkerResponse> InStatusAsync(this HttpClient client, string status) => status switch
    {
        "Registered" => client.RegisterAsync(WorkerSamples.Valid()),
        "Verified" => client.VerifiedAsync(WorkerSamples.Valid()),
        "Rejected" => client.RejectedAsync(WorkerSamples.Valid()),
        "Deactivated" => client.DeactivatedAsync(WorkerSamples.Valid()),
        "Deceased" => client.DeactivatedAsync(WorkerSamples.Valid(), "Deceased"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static async Task<WorkerResponse> OkAsync<T>(this HttpClient client, string path, T body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A client whose token carries every role given, for a person holding two of them.</summary>
    public static HttpClient ClientWithRoles(this ServiceFixture<Program> registry, string subject, params string[] roles)
    {
        var client = registry.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(subject, roles));
        return client;
    }

    public static Task<long> EventsAsync(this ServiceFixture<Program> registry, string type, Guid workerId) => registry.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND payload->>'workerId' = @id",
        ("type", $"%.{type}"), ("id", workerId.ToString()));

    public static Task<long> AuditEntriesAsync(this ServiceFixture<Program> registry, Guid workerId) => registry.ScalarAsync<long>(
        "SELECT count(*) FROM audit_log WHERE entity_type = 'worker' AND entity_id = @id", ("id", workerId));

    public static Task<long> VersionAsync(this ServiceFixture<Program> registry, Guid workerId) =>
        registry.ScalarAsync<long>("SELECT version FROM workers WHERE id = @id", ("id", workerId));
}
