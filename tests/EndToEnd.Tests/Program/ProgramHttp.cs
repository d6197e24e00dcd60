using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Paging;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>Calls that expect one answer and say what came instead, so a failing step names the service's reply.</summary>
internal static class ProgramHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<T> PostForAsync<T>(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync(path, body, Json);
        return await response.ReadAsync<T>(expected, $"POST {path}");
    }

    public static async Task<T> PutForAsync<T>(this HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body, Json);
        return await response.ReadAsync<T>(HttpStatusCode.OK, $"PUT {path}");
    }

    public static async Task<T> GetForAsync<T>(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await response.ReadAsync<T>(HttpStatusCode.OK, $"GET {path}");
    }

    /// <summary>The answer when it is a 200, else null: for waiting until an event has told a service.</summary>
    public static async Task<T?> GetIfOkAsync<T>(this HttpClient client, string path)
        where T : class
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<T>(Json) : null;
    }

    /// <summary>Every item of a paged list, following <c>nextCursor</c> (the lists here fit in a page or two).</summary>
    public static async Task<IReadOnlyList<T>> ListAsync<T>(this HttpClient client, string path)
    {
        var items = new List<T>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var page = await client.GetForAsync<Page<T>>(cursor is null ? $"{path}{separator}limit=200" : $"{path}{separator}limit=200&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return items;
    }

    private static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{request}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }
}
