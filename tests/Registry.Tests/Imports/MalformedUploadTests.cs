using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class MalformedUploadTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_spreadsheet_workbook_is_refused_as_binary_and_nothing_is_stored()
    {
        // The first bytes of an .xlsx file: a ZIP header, with NUL bytes.
        byte[] workbook = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00];

        await AssertRefusedAsync(await _operator.UploadAsync(workbook), HttpStatusCode.BadRequest, "The file is not CSV text.");
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_and_nothing_is_stored()
    {
        var latin1 = Encoding.Latin1.GetBytes(ImportCsv.Of([WorkerSamples.Valid() with { Address = "Jl. Pemuda, Kafé" }]).Replace(",Kafé", " Kafé", StringComparison.Ordinal));

        await AssertRefusedAsync(await _operator.UploadAsync(latin1), HttpStatusCode.BadRequest, "The file is not UTF-8 text.");
    }

    [Fact]
    public async Task A_utf16_file_is_refused_and_nothing_is_stored()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(ImportCsv.Of([WorkerSamples.Valid()]))).ToArray();

        await AssertRefusedAsync(await _operator.UploadAsync(utf16), HttpStatusCode.BadRequest, "The file is not UTF-8 text.");
    }

    [Fact]
    public async Task A_header_with_unknown_and_missing_columns_is_refused_naming_them()
    {
        var csv = "nik,name,birthDate,gender,kecamatan\r\n3374010101900001,Siti,1990-01-01,Female,Tugu\r\n";

        var response = await _operator.UploadAsync(csv);

        var problem = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "The header row is not valid.");
        var errors = problem.GetProperty("errors").GetProperty("header").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("Missing required column(s): fullName, sex.", errors[0]);
        Assert.StartsWith("Unknown column(s): name, gender.", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_a_header_row_is_refused_saying_the_first_row_looks_like_a_worker()
    {
        var response = await _operator.UploadAsync(ImportCsv.Line(WorkerSamples.Valid()) + "\r\n");

        var problem = await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "The header row is not valid.");
        Assert.Contains("looks like a worker", problem.GetProperty("errors").GetProperty("header").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("\uFEFF\r\n\r\n", "The file is empty.")]
    [InlineData(ImportCsv.Header + "\r\n", "The file has no data rows.")]
    [InlineData(ImportCsv.Header + "\r\n,,,,,,,,,\r\n\r\n", "The file has no data rows.")]
    public async Task An_empty_file_or_one_with_only_a_header_is_refused(string csv, string title)
    {
        await AssertRefusedAsync(await _operator.UploadAsync(csv), HttpStatusCode.BadRequest, title);
    }

    [Fact]
    public async Task A_quote_that_is_never_closed_in_a_large_file_is_refused_as_a_row_too_long()
    {
        var csv = ImportCsv.Of(ImportCsv.Line(WorkerSamples.Valid()), "\"" + new string('x', 70_000));

        await AssertRefusedAsync(await _operator.UploadAsync(csv), HttpStatusCode.BadRequest, "A row is too long.");
    }

    [Theory]
    [InlineData("application/json", "Unsupported Media Type")]
    [InlineData("text/plain", "Unsupported Media Type")]
    [InlineData("text/csv; charset=iso-8859-1", "The upload must be a CSV file.")]
    public async Task Another_content_type_or_charset_is_refused_with_415(string contentType, string title)
    {
        var csv = Encoding.UTF8.GetBytes(ImportCsv.Of([WorkerSamples.Valid()]));

        await AssertRefusedAsync(await _operator.UploadAsync(csv, contentType), HttpStatusCode.UnsupportedMediaType, title);
    }

    private async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        await AssertNothingStoredAsync();
        return problem;
    }

    private async Task AssertNothingStoredAsync() => Assert.Equal(0L, await registry.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM worker_imports) + (SELECT count(*) FROM worker_import_file_chunks)
             + (SELECT count(*) FROM workers) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log)
        """));
}
