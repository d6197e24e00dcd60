using Npgsql;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>What operators and auditors read about imports: status, progress and rejected rows.</summary>
public sealed class WorkerImportQueries(NpgsqlDataSource dataSource)
{
    private const string SelectImport = """
        SELECT id, status, total_rows, rows_done, accepted, rejected, uploaded_by, created_at, started_at, completed_at, failure, seq
        FROM worker_imports
        """;

    /// <summary>The name of the imports list in its cursors, so a cursor of another list is refused.</summary>
    public const string ImportsList = "worker-imports";

    /// <summary>One list per import: a cursor of one import's rejections is refused on another's.</summary>
    public static string RejectionsList(Guid importId) => $"worker-import-rejections/{importId}";

    public async Task<ImportRecord?> FindAsync(Guid importId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(SelectImport + " WHERE id = @id");
        command.Parameters.AddWithValue("id", importId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Newest first; the cursor is the position of the last import of the previous page.</summary>
    public async Task<Page<WorkerImportSummary>> ListAsync(long? before, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            SelectImport + " WHERE @before::bigint IS NULL OR seq < @before ORDER BY seq DESC LIMIT @limit");
        command.Parameters.AddWithValue("before", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);
        var imports = new List<ImportRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            imports.Add(Read(reader));
        }

        return KeysetPage.From(imports, limit, ImportsList, i => i.ToSummary(), i => i.Seq);
    }

    /// <summary>Rejected rows in file order after row <paramref name="afterRow"/>; the cursor is the last row number of the page.</summary>
    public async Task<Page<RejectedRow>> RejectionsAsync(Guid importId, int afterRow, int limit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT row_no, field, reason
            FROM worker_import_rejections
            WHERE import_id = @id
              AND row_no IN (SELECT DISTINCT row_no FROM worker_import_rejections
                             WHERE import_id = @id AND row_no > @after ORDER BY row_no LIMIT @limit)
            ORDER BY row_no, array_position(@field_order, field)
            """);
        command.Parameters.AddWithValue("id", importId);
        command.Parameters.AddWithValue("after", afterRow);
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.AddWithValue("field_order", ImportRowValidator.FieldOrder);
        var rows = new List<(int Row, List<RejectedField> Errors)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = reader.GetInt32(0);
            if (rows.Count == 0 || rows[^1].Row != row)
            {
                rows.Add((row, []));
            }

            rows[^1].Errors.Add(new RejectedField(reader.GetString(1), reader.GetString(2)));
        }

        return KeysetPage.From(rows, limit, RejectionsList(importId), r => new RejectedRow(r.Row, r.Errors), r => r.Row);
    }

    private static ImportRecord Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        Enum.Parse<WorkerImportStatus>(reader.GetString(1)),
        reader.GetInt32(2),
        reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetInt32(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetInt64(11));
}

public sealed record ImportRecord(
    Guid Id,
    WorkerImportStatus Status,
    int TotalRows,
    int RowsDone,
    int? Accepted,
    int? Rejected,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Failure,
    long Seq)
{
    public WorkerImportSummary ToSummary() =>
        new(Id, Status, TotalRows, RowsDone, Accepted, Rejected, UploadedBy, CreatedAt, CompletedAt);

    public WorkerImportResponse ToResponse(Page<RejectedRow> rejections) =>
        new(Id, Status, TotalRows, RowsDone, Accepted, Rejected, UploadedBy, CreatedAt, StartedAt, CompletedAt, Failure, rejections);
}
