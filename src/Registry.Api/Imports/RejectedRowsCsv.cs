using System.Globalization;
using System.Text;
using Npgsql;
using PijarSemar.ServiceDefaults.Csv;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The rejected rows of an import as a CSV file an operator can correct and upload again: the
/// row exactly as uploaded (same columns, same separator), then <c>row</c>, <c>field</c> and
/// <c>reason</c>, one line per rejected row. An upload ignores those three columns. The values
/// come from the stored file, or, once the file is past its retention, from the copy of the
/// rejected rows <see cref="WorkerImportRetention"/> kept. Every value passes the formula guard of
/// <see cref="CsvWriter"/>.
/// </summary>
public sealed class RejectedRowsCsv(NpgsqlDataSource dataSource)
{
    /// <summary>With a byte order mark, so that Excel opens it as UTF-8.</summary>
    private static readonly UTF8Encoding Utf8WithMark = new(encoderShouldEmitUTF8Identifier: true);

    public async Task WriteAsync(Guid importId, Stream output, CancellationToken ct)
    {
        var kept = await KeptFileAsync(importId, ct);
        await using var source = kept is null ? await FileRows.OpenAsync(dataSource, importId, ct) : null;
        var (header, separator) = kept ?? (source!.Header, source.Separator);
        if (header is null)
        {
            return;
        }

        // A re-uploaded report already has row, field and reason columns: they are replaced, not repeated.
        var headerCount = header.Count;
        var keptColumns = Enumerable.Range(0, headerCount)
            .Where(i => !ImportHeader.ReportColumns.Contains(header[i].Trim(), StringComparer.OrdinalIgnoreCase))
            .ToArray();

        await using var writer = new StreamWriter(output, Utf8WithMark, bufferSize: 64 * 1024, leaveOpen: true);
        var report = new CsvWriter(writer, separator);
        await report.WriteRecordAsync([.. keptColumns.Select(i => header[i]), .. ImportHeader.ReportColumns]);

        await using var rejections = await OpenRejectionsAsync(importId, withKeptValues: kept is not null, ct);
        while (await rejections.Reader.ReadAsync(ct))
        {
            var row = rejections.Reader.GetInt32(0);
            var values = kept is not null ? rejections.Reader.GetFieldValue<string[]>(3) : await source!.RowAsync(row, ct);
            await report.WriteRecordAsync([
                .. OriginalValues(values, keptColumns, headerCount, separator),
                row.ToString(CultureInfo.InvariantCulture),
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

    /// <summary>The header and separator kept when the file was deleted; null while the file is stored.</summary>
    private async Task<(IReadOnlyList<string>? Header, char Separator)?> KeptFileAsync(Guid importId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT file_header, file_separator FROM worker_imports WHERE id = @id AND file_deleted_at IS NOT NULL");
        command.Parameters.AddWithValue("id", importId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return reader.IsDBNull(0) ? (null, ',') : (reader.GetFieldValue<string[]>(0), reader.GetString(1)[0]);
    }

    private async Task<RejectionReader> OpenRejectionsAsync(Guid importId, bool withKeptValues, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        var command = new NpgsqlCommand($"""
            SELECT r.row_no,
                   array_agg(r.field ORDER BY array_position(@field_order, r.field)),
                   array_agg(r.reason ORDER BY array_position(@field_order, r.field))
                   {(withKeptValues ? ", (SELECT k.fields FROM worker_import_rejected_rows k WHERE k.import_id = @id AND k.row_no = r.row_no)" : "")}
            FROM worker_import_rejections r
            WHERE r.import_id = @id
            GROUP BY r.row_no
            ORDER BY r.row_no
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

/// <summary>The stored file of an import read forward: its header, then the values of the rows asked for, in ascending order.</summary>
internal sealed class FileRows : IAsyncDisposable
{
    private readonly StoredFile _file;
    private readonly StreamReader _text;
    private readonly CsvReader _csv;
    private readonly Guid _importId;

    private FileRows(StoredFile file, StreamReader text, CsvReader csv, Guid importId, IReadOnlyList<string>? header)
    {
        _file = file;
        _text = text;
        _csv = csv;
        _importId = importId;
        Header = header;
    }

    /// <summary>The header row's values as uploaded; null for a file without rows.</summary>
    public IReadOnlyList<string>? Header { get; }

    public char Separator => _csv.Separator;

    public static async Task<FileRows> OpenAsync(NpgsqlDataSource dataSource, Guid importId, CancellationToken ct)
    {
        var file = await StoredFile.OpenAsync(dataSource, importId, ct);
        var text = new StreamReader(file, WorkerImportIntake.StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = await CsvReader.OpenAsync(text, ct);
        var header = await csv.ReadAsync(ct) ? csv.Fields.ToArray() : null;
        return new FileRows(file, text, csv, importId, header);
    }

    /// <summary>The values of spreadsheet row <paramref name="row"/>, with a quote left open as it was read.</summary>
    public async Task<IReadOnlyList<string>> RowAsync(int row, CancellationToken ct)
    {
        while (_csv.RecordNumber < row)
        {
            if (!await _csv.ReadAsync(ct))
            {
                throw new InvalidOperationException($"Import {_importId} has a rejection for row {row}, past the end of its file.");
            }
        }

        return _csv.Fields;
    }

    public async ValueTask DisposeAsync()
    {
        _text.Dispose();
        await _file.DisposeAsync();
    }
}
