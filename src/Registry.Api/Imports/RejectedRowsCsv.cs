using System.Text;
using Npgsql;
using PijarSemar.ServiceDefaults.Csv;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The rejected rows of an import as a CSV file an operator can correct and upload again: the
/// row exactly as uploaded (same columns, same separator), then <c>row</c>, <c>field</c> and
/// <c>reason</c>, one line per rejected row. An upload ignores those three columns.
/// </summary>
public sealed class RejectedRowsCsv(NpgsqlDataSource dataSource)
{
    /// <summary>With a byte order mark, so that Excel opens it as UTF-8.</summary>
    private static readonly UTF8Encoding Utf8WithMark = new(encoderShouldEmitUTF8Identifier: true);

    public async Task WriteAsync(Guid importId, Stream output, CancellationToken ct)
    {
        await using var file = await StoredFile.OpenAsync(dataSource, importId, ct);
        using var text = new StreamReader(file, WorkerImportIntake.StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = await CsvReader.OpenAsync(text, ct);
        if (!await csv.ReadAsync(ct))
        {
            return;
        }

        // A re-uploaded report already has row, field and reason columns: they are replaced, not repeated.
        var headerCount = csv.Fields.Count;
        var kept = Enumerable.Range(0, headerCount)
            .Where(i => !ImportHeader.ReportColumns.Contains(csv.Fields[i].Trim(), StringComparer.OrdinalIgnoreCase))
            .ToArray();

        await using var writer = new StreamWriter(output, Utf8WithMark, bufferSize: 64 * 1024, leaveOpen: true);
        var report = new CsvWriter(writer, csv.Separator);
        await report.WriteRecordAsync([.. kept.Select(i => csv.Fields[i]), .. ImportHeader.ReportColumns]);

        await using var rejections = await OpenRejectionsAsync(importId, ct);
        while (await rejections.Reader.ReadAsync(ct))
        {
            var row = rejections.Reader.GetInt32(0);
            while (csv.RecordNumber < row)
            {
                if (!await csv.ReadAsync(ct))
                {
                    throw new InvalidOperationException($"Import {importId} has a rejection for row {row}, past the end of its file.");
                }
            }

            await report.WriteRecordAsync([
                .. OriginalValues(csv.Fields, kept, headerCount, csv.Separator),
                row.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", rejections.Reader.GetFieldValue<string[]>(1)),
                string.Join(" ", rejections.Reader.GetFieldValue<string[]>(2))]);
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// The row's values under the kept header columns. A row with too few values is padded; the
    /// surplus of one with too many is kept, joined, in its last column, so nothing typed is lost.
    /// </summary>
    private static List<string> OriginalValues(IReadOnlyList<string> fields, int[] kept, int headerCount, char separator)
    {
        var values = kept.Select(i => i < fields.Count ? fields[i] : "").ToList();
        if (fields.Count > headerCount && values.Count > 0)
        {
            values[^1] = string.Join(separator, [values[^1], .. fields.Skip(headerCount)]);
        }

        return values;
    }

    private async Task<RejectionReader> OpenRejectionsAsync(Guid importId, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        var command = new NpgsqlCommand("""
            SELECT row_no,
                   array_agg(field ORDER BY array_position(@field_order, field)),
                   array_agg(reason ORDER BY array_position(@field_order, field))
            FROM worker_import_rejections
            WHERE import_id = @id
            GROUP BY row_no
            ORDER BY row_no
            """, connection);
        command.Parameters.AddWithValue("id", importId);
        command.Parameters.AddWithValue("field_order", ImportRowValidator.FieldOrder);
        return new RejectionReader(connection, command, await command.ExecuteReaderAsync(ct));
    }

    private sealed class RejectionReader(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader) : IAsyncDisposable
    {
        public NpgsqlDataReader Reader => reader;

        public async ValueTask DisposeAsync()
        {
            await reader.DisposeAsync();
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
