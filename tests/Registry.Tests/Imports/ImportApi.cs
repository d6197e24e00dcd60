using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

internal static class ImportApi
{
    public const string Path = "/api/v1/worker-imports";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string csv) =>
        client.UploadAsync(Encoding.UTF8.GetBytes(csv));

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] body, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(Path, content);
    }

    /// <summary>Uploads, expects 202, and waits until the runner has finished the import.</summary>
    public static async Task<WorkerImportResponse> ImportAsync(this HttpClient client, string csv)
    {
        var response = await client.UploadAsync(csv);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<WorkerImportAccepted>(Json);
        Assert.Equal($"{Path}/{accepted!.Id}", response.Headers.Location?.OriginalString);
        return await client.FinishedAsync(accepted.Id);
    }

    public static Task<WorkerImportResponse> FinishedAsync(this HttpClient client, Guid importId) =>
        Eventually.ReturnsAsync(
            async () => await client.GetFromJsonAsync<WorkerImportResponse>($"{Path}/{importId}", Json)
                is { Status: WorkerImportStatus.Completed or WorkerImportStatus.Failed } import ? import : null,
            TimeSpan.FromSeconds(60),
            $"import {importId} to finish");

    /// <summary>Each rejected row as "row: field, field".</summary>
    public static IEnumerable<string> Summary(this IEnumerable<RejectedRow> rows) =>
        rows.Select(row => $"{row.Row}: {string.Join(", ", row.Errors.Select(e => e.Field))}");
}
