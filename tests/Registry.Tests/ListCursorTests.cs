using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

/// <summary>Every list of the registry takes only its own opaque nextCursor; anything else is a 400 naming cursor.</summary>
public sealed class ListCursorTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    /// <summary>Not base64url; base64url of bytes that are not text; the bare number the lists used to take; a forged negative position; text that is not a number.</summary>
    public static TheoryData<string> NotCursors() =>
    [
        "!!!",
        "abc",
        "5",
        "%00",
        KeysetPage.CursorFor("workers", "-1"),
        KeysetPage.CursorFor("workers", "abc"),
        KeysetPage.CursorFor("workers", ""),
        "2|workers|5",
    ];

    [Theory]
    [MemberData(nameof(NotCursors))]
    public async Task A_bad_cursor_on_any_registry_list_gets_400_naming_cursor(string cursor)
    {
        var (worker, import) = await SomeWorkerAndImportAsync();
        var escaped = Uri.EscapeDataString(cursor);

        string[] lists =
        [
            $"/api/v1/workers?cursor={escaped}",
            $"/api/v1/workers/{worker}/history?cursor={escaped}",
            $"{ImportApi.Path}?cursor={escaped}",
            $"{ImportApi.Path}/{import}/rejections?cursor={escaped}",
        ];
        foreach (var list in lists)
        {
            var response = await _operator.GetAsync(list);

            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{list}: {response.StatusCode}");
            Assert.Equal(["cursor"], await response.ErrorFieldsAsync());
        }
    }

    [Fact]
    public async Task A_cursor_of_one_list_is_refused_by_another()
    {
        await _operator.RegisterAsync(WorkerSamples.Valid());
        var (worker, import) = await SomeWorkerAndImportAsync();
        var other = await _operator.VerifiedAsync(WorkerSamples.Valid());
        var workersCursor = (await _operator.GetFromJsonAsync<Page<WorkerResponse>>("/api/v1/workers?limit=1"))!.NextCursor!;
        var historyCursor = (await _operator.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{other.Id}/history?limit=1"))!.NextCursor!;

        string[] misused =
        [
            $"/api/v1/workers/{worker}/history?cursor={workersCursor}",
            $"/api/v1/workers/{worker}/history?cursor={historyCursor}",
            $"/api/v1/workers?cursor={historyCursor}",
            $"{ImportApi.Path}?cursor={workersCursor}",
            $"{ImportApi.Path}/{import}/rejections?cursor={workersCursor}",
        ];
        foreach (var list in misused)
        {
            var response = await _operator.GetAsync(list);

            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{list}: {response.StatusCode}");
            Assert.Equal(["cursor"], await response.ErrorFieldsAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync($"/api/v1/workers/{other.Id}/history?cursor={historyCursor}")).StatusCode);
    }

    [Fact]
    public async Task A_worker_history_is_paged_through_with_every_entry_once()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await _operator.GetFromJsonAsync<Page<WorkerHistoryEntry>>(
                $"/api/v1/workers/{worker.Id}/history?limit=1&cursor={cursor}");
            seen.AddRange(page!.Items.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var all = await _operator.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");
        Assert.Equal(2, seen.Count);
        Assert.Equal(all!.Items.Select(e => e.Id), seen);
    }

    private async Task<(Guid Worker, Guid Import)> SomeWorkerAndImportAsync()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());
        var import = await _operator.ImportAsync(ImportCsv.Of(ImportCsv.Line(WorkerSamples.Valid() with { Sex = "?" })));
        Assert.Equal(WorkerImportStatus.Completed, import.Status);
        return (worker.Id, import.Id);
    }
}
