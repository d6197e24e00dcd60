using System.Net;
using System.Text;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class RejectedRowsDownloadTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task The_rejected_rows_download_has_each_row_as_uploaded_with_row_field_and_reason()
    {
        var badPhone = WorkerSamples.Valid() with { Phone = "12345", Address = "Jl. Pemuda, No. 1" };
        var badNikAndSex = WorkerSamples.Valid() with { Nik = "3374", Sex = "X" };
        var surplus = WorkerSamples.Valid();
        var import = await _operator.ImportAsync(ImportCsv.Of(
            ImportCsv.Line(WorkerSamples.Valid()),
            ImportCsv.Line(badPhone).Replace("Jl. Pemuda, No. 1", "\"Jl. Pemuda, No. 1\"", StringComparison.Ordinal),
            ImportCsv.Line(badNikAndSex),
            ImportCsv.Line(surplus) + ",surplus"));

        var response = await _operator.GetAsync($"{ImportApi.Path}/{import.Id}/rejections.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(
            [
                ImportCsv.Header + ",row,field,reason",
                ImportCsv.Line(badPhone).Replace("Jl. Pemuda, No. 1", "\"Jl. Pemuda, No. 1\"", StringComparison.Ordinal)
                    + ",3,phone,\"Phone must be an Indonesian number such as 0812-3456-7890, +62 812…, +62 (0) 812… or 0062 812…; after +62 a mobile starts with 8 and a landline with its area code (24 for Semarang), never 0 or 1.\"",
                ImportCsv.Line(badNikAndSex) + ",4,\"nik, sex\",\"NIK must be exactly 16 digits. Sex must be L or P, Laki-laki or Perempuan, or Male or Female.\"",
                ImportCsv.Line(surplus).Replace(",false", ",\"false,surplus\"", StringComparison.Ordinal)
                    + ",5,row,\"Expected 10 values, as in the header, but found 11; a value containing the separator must be in quotes.\"",
                "",
            ],
            lines);
    }

    [Fact]
    public async Task A_corrected_download_uploaded_again_imports_the_rows_that_were_rejected()
    {
        var fixable = Enumerable.Range(0, 3).Select(_ => WorkerSamples.Valid()).ToList();
        var first = await _operator.ImportAsync(ImportCsv.Of([.. fixable.Select(w => w with { Kecamatan = "Semarang Pusat" })]).Replace(',', ';'));
        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{first.Id}/rejections.csv");

        var corrected = download.Replace("Semarang Pusat", "Semarang Tengah", StringComparison.Ordinal);
        var second = await _operator.ImportAsync(corrected);

        Assert.Equal((0, 3), (first.Accepted!.Value, first.Rejected!.Value));
        Assert.StartsWith("nik;fullName;", download, StringComparison.Ordinal);
        Assert.Equal((WorkerImportStatus.Completed, 3, 0), (second.Status, second.Accepted!.Value, second.Rejected!.Value));
        Assert.Equal(3L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM workers WHERE import_id = @id AND nik = ANY(@niks)", ("id", second.Id), ("niks", fixable.Select(w => w.Nik!).ToArray())));
    }

    [Fact]
    public async Task A_download_uploaded_again_unchanged_is_rejected_again_and_gives_the_same_download()
    {
        var first = await _operator.ImportAsync(ImportCsv.Of(
            ImportCsv.Line(WorkerSamples.Valid() with { Sex = "X" }),
            ImportCsv.Line(WorkerSamples.Valid() with { Phone = "12345" })));
        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{first.Id}/rejections.csv");

        var second = await _operator.ImportAsync(download);

        Assert.Equal((0, 2), (second.Accepted!.Value, second.Rejected!.Value));
        Assert.Equal(download, await _operator.GetStringAsync($"{ImportApi.Path}/{second.Id}/rejections.csv"));
    }

    [Fact]
    public async Task A_quote_inside_a_value_of_a_rejected_row_is_doubled_in_the_download_and_survives_a_second_upload()
    {
        var quoted = WorkerSamples.Valid() with { Phone = "12345" };
        var line = ImportCsv.Line(quoted).Replace("Jl. Pemuda No. 1", "\"Jl. \"\"Pemuda\"\" No. 1\"", StringComparison.Ordinal);
        var first = await _operator.ImportAsync(ImportCsv.Of(line));

        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{first.Id}/rejections.csv");
        var second = await _operator.ImportAsync(download);

        Assert.Contains(",\"Jl. \"\"Pemuda\"\" No. 1\",", download, StringComparison.Ordinal);
        Assert.Equal(["2: phone"], second.Rejections.Items.Summary());
        Assert.Equal(download, await _operator.GetStringAsync($"{ImportApi.Path}/{second.Id}/rejections.csv"));
    }

    [Fact]
    public async Task A_file_ending_inside_an_open_quote_imports_the_rows_before_and_rejects_the_last_one_as_unclosed()
    {
        var valid = WorkerSamples.Valid();
        var unclosed = ImportCsv.Line(WorkerSamples.Valid()).Replace("Jl. Pemuda No. 1", "\"Jl. Pemuda No. 1", StringComparison.Ordinal);

        var import = await _operator.ImportAsync(ImportCsv.Header + "\r\n" + ImportCsv.Line(valid) + "\r\n" + unclosed + "\r\n");
        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{import.Id}/rejections.csv");

        Assert.Equal((2, 1, 1), (import.TotalRows, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(["3: row"], import.Rejections.Items.Summary());
        Assert.Equal("A quoted value is never closed: the file ends inside quotes.", import.Rejections.Items.Single().Errors.Single().Reason);
        Assert.Contains(",3,row,A quoted value is never closed: the file ends inside quotes.\r\n", download, StringComparison.Ordinal);
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", valid.Nik!)));
    }

    [Fact]
    public async Task Values_that_a_spreadsheet_would_run_as_formulas_are_neutralised_in_the_download_and_restored_on_upload()
    {
        var formulas = WorkerSamples.Valid() with
        {
            FullName = "=HYPERLINK(\"http://evil.example\";\"klik\")",
            Phone = "+62 1 2",
            Address = "@SUM(A1)",
            Kelurahan = "-2+3",
        };
        var first = await _operator.ImportAsync(ImportCsv.Of(ImportCsv.Line(formulas).Replace(formulas.FullName, "\"=HYPERLINK(\"\"http://evil.example\"\";\"\"klik\"\")\"", StringComparison.Ordinal)));

        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{first.Id}/rejections.csv");
        var second = await _operator.ImportAsync(download);

        var row = download.Split("\r\n")[1];
        Assert.StartsWith(formulas.Nik + ",\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klik\"\")\"", row, StringComparison.Ordinal);
        Assert.Contains(",'+62 1 2,'@SUM(A1),Semarang Tengah,'-2+3,", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", download, StringComparison.Ordinal);
        Assert.Equal(first.Rejections.Items.Summary(), second.Rejections.Items.Summary());
        Assert.Equal(
            first.Rejections.Items.SelectMany(r => r.Errors).Select(e => e.Reason),
            second.Rejections.Items.SelectMany(r => r.Errors).Select(e => e.Reason));
        Assert.Equal(download, await _operator.GetStringAsync($"{ImportApi.Path}/{second.Id}/rejections.csv"));
    }

    [Fact]
    public async Task A_corrected_download_imports_a_phone_the_guard_wrote_with_an_apostrophe_as_the_number_it_was()
    {
        var worker = WorkerSamples.Valid() with { Phone = "+6281234567890", Sex = "X" };
        var first = await _operator.ImportAsync(ImportCsv.Of([worker]));
        var download = await _operator.GetStringAsync($"{ImportApi.Path}/{first.Id}/rejections.csv");

        var second = await _operator.ImportAsync(download.Replace(",X,'+62", ",Male,'+62", StringComparison.Ordinal));

        Assert.Contains(",'+6281234567890,", download, StringComparison.Ordinal);
        Assert.Equal((1, 0), (second.Accepted!.Value, second.Rejected!.Value));
        Assert.Equal("+6281234567890", await registry.ScalarAsync<string>("SELECT phone FROM workers WHERE nik = @nik", ("nik", worker.Nik!)));
    }

    [Fact]
    public async Task The_download_of_an_unknown_import_is_a_404_problem()
    {
        var response = await _operator.GetAsync($"{ImportApi.Path}/{Guid.NewGuid()}/rejections.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
