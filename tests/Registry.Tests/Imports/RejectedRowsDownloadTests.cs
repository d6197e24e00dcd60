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
    public async Task The_download_of_an_unknown_import_is_a_404_problem()
    {
        var response = await _operator.GetAsync($"{ImportApi.Path}/{Guid.NewGuid()}/rejections.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
