using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

public sealed class SponsorRosterImportTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    private const string Path = "/api/v1/sponsor-rosters";

    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator, "operator-bkpp");

    private Task<HttpResponseMessage> UploadAsync(string csv, string contentType = "text/csv") => UploadAsync(Encoding.UTF8.GetBytes(csv), contentType);

    private Task<HttpResponseMessage> UploadAsync(byte[] body, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return _operator.PostAsync(Path, content);
    }

    private async Task<long> WrittenAsync() =>
        await funding.ScalarAsync<long>("SELECT count(*) FROM sponsors") + await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log");

    [Fact]
    public async Task A_roster_creates_new_civil_servants_updates_known_ones_and_reports_each_rejected_row()
    {
        var db = funding.ConnectionString;
        var (moved, same, new1, new2, new3, new4) =
            (SponsorSeed.NextNip(), SponsorSeed.NextNip(), SponsorSeed.NextNip(), SponsorSeed.NextNip(), SponsorSeed.NextNip(), SponsorSeed.NextNip());
        var movedId = await SponsorSeed.SponsorAsync(db, "Asn", moved, "Nama Lama", "Bappeda");
        var sameId = await SponsorSeed.SponsorAsync(db, "Asn", same, "Tetap", "Bappeda");
        var csv = string.Join("\n",
            "NIP,Name,Unit,Type",
            $"{new1},Sri Wahyuni,Dinas Kesehatan,",
            $"{new2[..8]} {new2[8..14]} {new2[14]} {new2[15..]},Budi Santoso,Dinas Kesehatan,pppk",
            $"{moved},Nama Baru,Dinas Pendidikan,",
            $"{same},Tetap,Bappeda,Asn",
            "198503122010011000,Agus,Bappeda,",
            "",
            $"{new3},,Bappeda,",
            $"{new1},Sri W.,Dinas Kesehatan,",
            "1.98503E+17,Dewi,Bappeda,",
            $"{new4},Ani,Bappeda,Company",
            "too,few",
            "");

        var result = await (await UploadAsync(csv)).ReadAsync<RosterImportResponse>(HttpStatusCode.OK);

        Assert.Equal((10, 2, 1, 1, 6), (result.Rows, result.Created, result.Updated, result.Unchanged, result.Rejected));
        Assert.Equal(
            ["6: nip", "8: name", "9: nip", "10: nip", "11: type", "12: row"],
            result.RejectedRows.Select(r => $"{r.Row}: {string.Join(", ", r.Errors.Select(e => e.Field))}"));
        Assert.Contains("Duplicate of row 2", result.RejectedRows.Single(r => r.Row == 9).Errors[0].Reason);
        Assert.Contains("never 000", result.RejectedRows.Single(r => r.Row == 6).Errors[0].Reason);

        Assert.Equal("Nama Baru|Dinas Pendidikan|2", await funding.ScalarAsync<string>(
            "SELECT name || '|' || unit || '|' || version FROM sponsors WHERE id = @id", ("id", movedId)));
        Assert.Equal(1L, await funding.ScalarAsync<long>("SELECT version FROM sponsors WHERE id = @id", ("id", sameId)));
        Assert.Equal("Pppk|Budi Santoso", await funding.ScalarAsync<string>("SELECT type || '|' || name FROM sponsors WHERE identifier = @nip", ("nip", new2)));
        Assert.Equal("Asn", await funding.ScalarAsync<string>("SELECT type FROM sponsors WHERE identifier = @nip", ("nip", new1)));
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM sponsors WHERE identifier IN (@a, @b)", ("a", new3), ("b", new4)));

        Assert.Equal("Nama Lama>Nama Baru", await funding.ScalarAsync<string>(
            "SELECT (before ->> 'name') || '>' || (after ->> 'name') FROM audit_log WHERE entity_type = 'sponsor' AND entity_id = @id AND action = 'RosterUpdated'",
            ("id", movedId)));
        Assert.Equal(2L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log a JOIN sponsors s ON s.id = a.entity_id WHERE a.action = 'Registered' AND s.identifier IN (@a, @b) AND a.actor = 'operator-bkpp'",
            ("a", new1), ("b", new2)));
        Assert.Equal("2|1|6", await funding.ScalarAsync<string>(
            "SELECT (after ->> 'created') || '|' || (after ->> 'updated') || '|' || (after ->> 'rejected') FROM audit_log WHERE entity_type = 'sponsor-roster' AND entity_id = @id",
            ("id", result.ImportId)));
    }

    [Fact]
    public async Task The_same_roster_imported_again_changes_nothing_and_audits_nothing()
    {
        var csv = $"nip,name,unit\n{SponsorSeed.NextNip()},Sri,Dinas Sosial\n{SponsorSeed.NextNip()},Budi,Dinas Sosial\n";
        var first = await (await UploadAsync(csv)).ReadAsync<RosterImportResponse>(HttpStatusCode.OK);
        var written = await WrittenAsync();

        var again = await (await UploadAsync(csv)).ReadAsync<RosterImportResponse>(HttpStatusCode.OK);

        Assert.Equal((2, 0), (first.Created, first.Unchanged));
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
        Assert.Equal(written, await WrittenAsync());
    }

    [Fact]
    public async Task A_roster_saved_by_a_spreadsheet_with_semicolons_quotes_and_a_byte_order_mark_is_read_the_same()
    {
        var nip = SponsorSeed.NextNip();
        var csv = $"\uFEFFunit;NAME;nip\r\n\"Dinas Pekerjaan Umum; Bidang Jalan\";\"Sri \"\"Ani\"\" Wahyuni\";{nip}\r\n";

        var result = await (await UploadAsync(csv, "text/csv; charset=utf-8")).ReadAsync<RosterImportResponse>(HttpStatusCode.OK);

        Assert.Equal((1, 0), (result.Created, result.Rejected));
        Assert.Equal("Sri \"Ani\" Wahyuni|Dinas Pekerjaan Umum; Bidang Jalan", await funding.ScalarAsync<string>(
            "SELECT name || '|' || unit FROM sponsors WHERE identifier = @nip", ("nip", nip)));
    }

    [Fact]
    public async Task A_roster_whose_every_row_is_rejected_writes_nothing()
    {
        var written = await WrittenAsync();

        var result = await (await UploadAsync("nip,name,unit\n123,Sri,Bappeda\n")).ReadAsync<RosterImportResponse>(HttpStatusCode.OK);

        Assert.Equal((1, 0, 1), (result.Rows, result.Created, result.Rejected));
        Assert.Equal(written, await WrittenAsync());
    }

    [Theory]
    [InlineData("nip,name\n{nip},Sri\n", "header")]
    [InlineData("nip,name,unit,golongan\n{nip},Sri,Bappeda,III/a\n", "header")]
    [InlineData("nip,name,unit,nip\n{nip},Sri,Bappeda,{nip}\n", "header")]
    [InlineData("{nip},Sri,Bappeda\n", "header")]
    [InlineData("", "body")]
    [InlineData("nip,name,unit\n\n", "body")]
    public async Task A_file_that_is_not_a_roster_is_refused_and_nothing_is_written(string csv, string field)
    {
        var written = await WrittenAsync();

        var response = await UploadAsync(csv.Replace("{nip}", SponsorSeed.NextNip(), StringComparison.Ordinal));

        await response.AssertFieldsAsync(field);
        Assert.Equal(written, await WrittenAsync());
    }

    [Fact]
    public async Task A_roster_that_is_not_utf8_is_refused_and_nothing_is_written()
    {
        var written = await WrittenAsync();
        var latin1 = Encoding.Latin1.GetBytes($"nip,name,unit\n{SponsorSeed.NextNip()},Andr\u00e9,Bappeda\n");

        var response = await UploadAsync(latin1);

        Assert.Contains("not UTF-8", await response.Content.ReadAsStringAsync());
        await response.AssertFieldsAsync("body");
        Assert.Equal(written, await WrittenAsync());
    }

    [Fact]
    public async Task A_roster_larger_than_the_limit_is_a_413_and_nothing_is_written()
    {
        var written = await WrittenAsync();
        var body = new byte[SponsorRosterImport.MaxUploadBytes + 1];
        Array.Fill(body, (byte)'1');

        var response = await UploadAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(written, await WrittenAsync());
    }

    [Fact]
    public async Task A_roster_sent_as_anything_but_csv_is_a_415() =>
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await UploadAsync("{}", "application/json")).StatusCode);

    [Fact]
    public async Task Only_an_operator_imports_a_roster()
    {
        var content = new StringContent($"nip,name,unit\n{SponsorSeed.NextNip()},Sri,Bappeda\n", Encoding.UTF8, "text/csv");

        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.Auditor).PostAsync(Path, content)).StatusCode);
    }
}
