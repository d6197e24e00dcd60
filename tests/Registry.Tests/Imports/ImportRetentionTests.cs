using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class ImportRetentionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_file_past_its_retention_is_deleted_and_its_rejected_rows_are_still_downloaded_as_before()
    {
        var import = await _operator.ImportAsync(ImportCsv.Of(
            ImportCsv.Line(WorkerSamples.Valid()),
            ImportCsv.Line(WorkerSamples.Valid() with { Sex = "X" }).Replace("Jl. Pemuda No. 1", "\"Jl. Pemuda, No. \"\"1\"\"\"", StringComparison.Ordinal),
            ImportCsv.Line(WorkerSamples.Valid()),
            ImportCsv.Line(WorkerSamples.Valid() with { Phone = "+62 (0) 1" }) + ",surplus"));
        var recent = await _operator.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var downloadBefore = await _operator.GetStringAsync($"{ImportApi.Path}/{import.Id}/rejections.csv");
        await registry.ScalarAsync<int>(
            "UPDATE worker_imports SET created_at = created_at - interval '91 days' WHERE id = @id RETURNING 1", ("id", import.Id));

        var deleted = await SweepAsync();

        Assert.Equal(1, deleted);
        Assert.Equal(0L, await ChunksAsync(import.Id));
        Assert.True(await ChunksAsync(recent.Id) > 0);
        Assert.Equal(downloadBefore, await _operator.GetStringAsync($"{ImportApi.Path}/{import.Id}/rejections.csv"));
        var after = await _operator.GetFromJsonAsync<WorkerImportResponse>($"{ImportApi.Path}/{import.Id}", ImportApi.Json);
        Assert.Equal((WorkerImportStatus.Completed, 2, 2), (after!.Status, after.Accepted!.Value, after.Rejected!.Value));
        Assert.Equal(["3: sex", "5: row"], after.Rejections.Items.Summary());
        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task Pieces_of_an_upload_that_never_became_an_import_are_deleted_after_a_day_and_not_before()
    {
        var (abandoned, inProgress) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await registry.ScalarAsync<int>("""
            INSERT INTO worker_import_file_chunks (import_id, chunk_no, content, stored_at)
            VALUES (@abandoned, 0, '\x41', now() - interval '25 hours'), (@in_progress, 0, '\x41', now() - interval '1 minute');
            SELECT 1
            """, ("abandoned", abandoned), ("in_progress", inProgress));

        await SweepAsync();

        Assert.Equal((0L, 1L), (await ChunksAsync(abandoned), await ChunksAsync(inProgress)));
    }

    [Fact]
    public async Task A_slow_upload_holds_no_transaction_open_while_the_client_is_still_sending()
    {
        var lines = Enumerable.Range(0, 12_000).Select(_ => ImportCsv.Line(WorkerSamples.Valid()) + "\r\n").ToList();
        var first = Encoding.UTF8.GetBytes(ImportCsv.Header + "\r\n" + string.Concat(lines.Take(11_000)));
        var rest = Encoding.UTF8.GetBytes(string.Concat(lines.Skip(11_000)));
        Assert.True(first.Length > UploadedFileWriterChunk);
        var gate = new TaskCompletionSource();
        await using var body = new PausingStream([.. first, .. rest], first.Length, gate.Task);

        // Pieces that belong to no import yet: this upload's, once its first piece is written (another test leaves one of its own).
        const string PiecesInProgress = "(SELECT count(*) FROM worker_import_file_chunks c WHERE NOT EXISTS (SELECT FROM worker_imports i WHERE i.id = c.import_id))";
        var piecesBefore = await registry.ScalarAsync<long>("SELECT " + PiecesInProgress);

        // The intake the endpoint calls, reading the body as a slow client sends it (the test host hands the endpoint a buffered body).
        var sending = registry.Factory.Services.GetRequiredService<WorkerImportIntake>().AcceptAsync(body, "slow-client", CancellationToken.None);
        await Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<long>($"""
                SELECT {PiecesInProgress} - @before
                     + (SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                          AND query LIKE '%worker_import_file_chunks (import_id%')
                """, ("before", piecesBefore)) > 0 ? "stored" : null,
            TimeSpan.FromSeconds(30),
            "the first piece of the upload to reach the database");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var openTransactions = await registry.ScalarAsync<long>("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
              AND query LIKE '%worker_import_file_chunks (import_id%'
            """);
        gate.SetResult();
        var stored = await sending;

        Assert.Equal(0L, openTransactions);
        Assert.Null(stored.Refusal);
        var import = await _operator.FinishedAsync(stored.ImportId!.Value);
        Assert.Equal((WorkerImportStatus.Completed, 12_000), (import.Status, import.Accepted!.Value));
    }

    [Fact]
    public async Task A_refused_upload_larger_than_one_piece_leaves_no_piece_behind()
    {
        var rows = string.Concat(Enumerable.Range(0, 11_000).Select(_ => ImportCsv.Line(WorkerSamples.Valid()) + "\r\n"));
        var chunksBefore = await registry.ScalarAsync<long>("SELECT count(*) FROM worker_import_file_chunks");

        var response = await _operator.UploadAsync("nik,fullName,birthDate,sex,phone,address,kecamatan,kelurahan,occupationCode,p3keListed\r\n" + rows + "\0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(chunksBefore, await registry.ScalarAsync<long>("SELECT count(*) FROM worker_import_file_chunks"));
    }

    private const int UploadedFileWriterChunk = 1024 * 1024;

    private Task<int> SweepAsync() => registry.Factory.Services.GetRequiredService<WorkerImportRetention>().SweepAsync(CancellationToken.None);

    private Task<long> ChunksAsync(Guid importId) =>
        registry.ScalarAsync<long>("SELECT count(*) FROM worker_import_file_chunks WHERE import_id = @id", ("id", importId));

    /// <summary>A request body that gives its first part, then waits before giving the rest, as a slow client's does.</summary>
    private sealed class PausingStream(byte[] bytes, int pauseAt, Task gate) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= pauseAt)
            {
                await gate;
            }

            var before = (int)Position;
            var upTo = before < pauseAt ? pauseAt - before : buffer.Length;
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, upTo)], cancellationToken);
        }
    }
}
