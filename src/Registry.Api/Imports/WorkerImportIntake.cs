using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.ServiceDefaults.Csv;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Accepts an uploaded CSV file: checks that it is UTF-8 text with a valid header and at least one
/// data row, within the size limit, and stores it for the runner. A file that fails a check is
/// refused with nothing stored; its rows are checked one by one later, in the background.
/// </summary>
public sealed partial class WorkerImportIntake(
    NpgsqlDataSource dataSource,
    IOptions<WorkerImportOptions> options,
    JobSignal<WorkerImportJob> signal,
    TimeProvider clock,
    ILogger<WorkerImportIntake> logger)
{
    /// <summary>Invalid bytes throw instead of becoming U+FFFD, so a file in another encoding is refused, not garbled.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<UploadResult> AcceptAsync(Stream body, string uploadedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var maxBytes = options.Value.MaxUploadBytes;
        await using var file = new UploadedFileWriter(dataSource, id);
        var upload = new UploadStream(body, maxBytes, file);
        int totalRows;
        try
        {
            using var text = new StreamReader(upload, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
            var csv = await CsvReader.OpenAsync(text, ct);
            if (!await csv.ReadAsync(ct) || csv.IsBlank)
            {
                return UploadResult.Refused("The file is empty.", "The first row must be the header: " + ColumnList + ".");
            }

            var header = ImportHeader.Parse(csv.Fields);
            if (header.Header is null)
            {
                return UploadResult.Refused(
                    "The header row is not valid.",
                    "The first row must name the columns: " + ColumnList + ".",
                    new Dictionary<string, string[]> { ["header"] = [.. header.Errors] });
            }

            totalRows = 0;
            while (await csv.ReadAsync(ct))
            {
                totalRows += csv.IsBlank ? 0 : 1;
            }

            if (totalRows == 0)
            {
                return UploadResult.Refused("The file has no data rows.", "The file has a header but no worker below it.");
            }

            await file.CommitAsync(new StoredUpload(uploadedBy, now, upload.BytesRead, totalRows), ct);
        }
        catch (UploadTooLargeException)
        {
            return UploadResult.TooLarge(maxBytes);
        }
        catch (DecoderFallbackException)
        {
            return UploadResult.Refused(
                "The file is not UTF-8 text.",
                "Save the spreadsheet as \"CSV UTF-8 (comma delimited)\" and upload that file.");
        }
        catch (BinaryUploadException)
        {
            return UploadResult.Refused(
                "The file is not CSV text.",
                "It contains binary data, as an Excel workbook (.xlsx) does; save the sheet as \"CSV UTF-8\" and upload that file.");
        }
        catch (CsvRecordTooLongException e)
        {
            return UploadResult.Refused(
                "A row is too long.",
                $"Row {e.RecordNumber} is longer than {CsvReader.MaxRecordLength:N0} characters; a quote that is opened and never closed usually causes this.");
        }

        signal.Notify();
        LogStored(logger, id, upload.BytesRead, totalRows);
        return UploadResult.Stored(id, totalRows);
    }

    private static string ColumnList => string.Join(",", Enum.GetValues<ImportColumn>().Select(ImportHeader.NameOf));

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored worker import {ImportId}: {SizeBytes} bytes, {TotalRows} rows")]
    private static partial void LogStored(ILogger logger, Guid importId, long sizeBytes, int totalRows);
}

/// <summary>An upload stored as an import, or the reason it was refused.</summary>
public sealed record UploadResult(Guid? ImportId, int TotalRows, UploadRefusal? Refusal)
{
    public static UploadResult Stored(Guid importId, int totalRows) => new(importId, totalRows, null);

    public static UploadResult Refused(
        string title, string detail, IDictionary<string, string[]>? errors = null, int statusCode = StatusCodes.Status400BadRequest) =>
        new(null, 0, new UploadRefusal(statusCode, title, detail, errors));

    public static UploadResult TooLarge(long maxBytes) => Refused(
        "The file is too large.",
        $"Files of at most {maxBytes:N0} bytes are accepted; split the list into several files.",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}

public sealed record UploadRefusal(int StatusCode, string Title, string Detail, IDictionary<string, string[]>? Errors);
