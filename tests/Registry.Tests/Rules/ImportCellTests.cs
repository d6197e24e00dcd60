using System.Globalization;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Csv;
using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

/// <summary>Import cells as kecamatan offices' spreadsheets write them, read without a database.</summary>
public sealed class ImportCellTests
{
    private static readonly string[] Columns =
        ["nik", "fullName", "birthDate", "sex", "phone", "address", "kecamatan", "kelurahan", "occupationCode", "p3keListed"];

    [Theory]
    [InlineData("L", "Male")]
    [InlineData("l", "Male")]
    [InlineData("Laki-laki", "Male")]
    [InlineData("LAKI-LAKI", "Male")]
    [InlineData("Laki laki", "Male")]
    [InlineData("Pria", "Male")]
    [InlineData("Male", "Male")]
    [InlineData("P", "Female")]
    [InlineData(" Perempuan ", "Female")]
    [InlineData("Wanita", "Female")]
    [InlineData("female", "Female")]
    public void Sex_written_as_on_the_ktp_or_as_the_api_names_it_is_read(string cell, string sex)
    {
        var sample = WorkerSamples.Valid(sex);

        var outcome = Read(Row(sample, sex: cell));

        Assert.Equal(Enum.Parse<Sex>(sex), outcome.Worker?.Sex);
    }

    [Fact]
    public void An_unreadable_sex_is_reported_once_with_the_values_an_import_takes()
    {
        var outcome = Read(Row(WorkerSamples.Valid(), sex: "X"));

        Assert.Equal([new FieldProblem("sex", "Sex must be L or P, Laki-laki or Perempuan, or Male or Female.")], outcome.Problems);
    }

    [Theory]
    [InlineData("1985-07-23")]
    [InlineData("23/07/1985")]
    [InlineData("23-07-1985")]
    [InlineData("23/7/1985")]
    [InlineData("23-7-1985")]
    public void A_birth_date_written_iso_or_day_first_with_slashes_or_hyphens_is_read(string cell)
    {
        var sample = WorkerSamples.Valid(birthDate: new DateOnly(1985, 7, 23));

        Assert.Equal(new DateOnly(1985, 7, 23), Read(Row(sample, birthDate: cell)).Worker?.BirthDate);
    }

    [Theory]
    [InlineData("07/23/1985")]
    [InlineData("23.07.1985")]
    [InlineData("23-07-85")]
    [InlineData("1985/07/23")]
    public void A_birth_date_month_first_with_dots_or_a_two_digit_year_is_refused_on_birth_date(string cell)
    {
        var outcome = Read(Row(WorkerSamples.Valid(birthDate: new DateOnly(1985, 7, 23)), birthDate: cell));

        Assert.Equal(["birthDate"], outcome.Problems.Select(p => p.Field));
    }

    [Theory]
    [InlineData("No")]
    [InlineData("no.")]
    [InlineData("NOMOR")]
    public void A_leading_row_number_column_is_ignored(string name)
    {
        var sample = WorkerSamples.Valid();
        var header = ImportHeader.Parse([name, .. Columns]).Header!;

        var outcome = new ImportRowValidator(new RegistrationValidator(new RegistrationRules(), Reference), header, Today).Validate(["17", .. Row(sample)], false);

        Assert.Equal(sample.Nik, outcome.Worker?.Nik);
    }

    [Fact]
    public void A_row_missing_its_trailing_empty_cells_is_read_as_if_they_were_there()
    {
        var sample = WorkerSamples.Valid();

        var outcome = Read(Row(sample).Take(9).ToList());

        Assert.Equal(sample.Nik, outcome.Worker?.Nik);
        Assert.False(outcome.Worker!.P3keListed);
    }

    [Fact]
    public void A_row_missing_trailing_cells_the_rules_require_is_refused_on_those_fields()
    {
        var outcome = Read(Row(WorkerSamples.Valid()).Take(6).ToList());

        Assert.Equal(["kecamatan", "occupationCode"], outcome.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Empty_cells_after_the_last_column_are_ignored_but_a_value_there_refuses_the_row()
    {
        var sample = WorkerSamples.Valid();

        Assert.NotNull(Read([.. Row(sample), "", " "]).Worker);
        Assert.Equal(["row"], Read([.. Row(sample), "", "extra"]).Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_nik_ending_in_0_is_imported_but_flagged_for_review_and_one_ending_otherwise_is_not()
    {
        var born = new DateOnly(1979, 4, 2);
        var suspect = WorkerSamples.Valid(birthDate: born) with { Nik = WorkerSamples.NikFor(born, "Male", serial: 10) };
        var plain = WorkerSamples.Valid(birthDate: born) with { Nik = WorkerSamples.NikFor(born, "Male", serial: 11) };

        Assert.True(Read(Row(suspect)).Worker?.NikNeedsReview);
        Assert.False(Read(Row(plain)).Worker?.NikNeedsReview);
    }

    [Fact]
    public void A_single_registration_never_flags_its_nik_for_review()
    {
        var born = new DateOnly(1979, 4, 2);

        var result = Validate(WorkerSamples.Valid(birthDate: born) with { Nik = WorkerSamples.NikFor(born, "Male", serial: 10) });

        Assert.False(result.Worker!.NikNeedsReview);
    }

    [Theory]
    [InlineData("3.37401E+15")]
    [InlineData("3,374014507850E+15")]
    public void A_nik_the_spreadsheet_wrote_in_scientific_notation_is_refused(string cell)
    {
        var outcome = Read(Row(WorkerSamples.Valid()) is var row ? [cell, .. row.Skip(1)] : null!);

        Assert.StartsWith("NIK was turned into a number by the spreadsheet", outcome.Problems.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Domicile_reason_and_occupation_text_columns_are_read()
    {
        var sample = WorkerSamples.Valid(p3keListed: true);
        var header = ImportHeader.Parse([.. Columns, "domicileReason", "occupationText"]).Header!;
        var validator = new ImportRowValidator(new RegistrationValidator(new RegistrationRules(), Reference), header, Today);

        var outcome = validator.Validate([.. Row(sample with { Nik = "3321" + sample.Nik![4..] }), "Pindah ke Semarang 2019", "Kuli panggul"], false);

        Assert.Equal(("Pindah ke Semarang 2019", "Kuli panggul"), (outcome.Worker?.DomicileReason, outcome.Worker?.OccupationText));
    }

    [Fact]
    public void A_p3ke_free_text_in_the_occupation_code_column_is_imported_as_occupation_text()
    {
        var outcome = Read(Row(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "Buruh bangunan" }));

        Assert.Equal((null, "Buruh bangunan"), (outcome.Worker?.OccupationCode, outcome.Worker?.OccupationText));
    }

    [Theory]
    [InlineData("sep=;\r\n", ';')]
    [InlineData("sep=;\n", ';')]
    [InlineData("\uFEFFsep=,\r\n", ',')]
    [InlineData("SEP=|\r", '|')]
    public async Task A_sep_first_line_sets_the_separator_and_is_not_counted_as_a_row(string firstLine, char separator)
    {
        var text = firstLine + string.Join(separator, Columns) + "\r\n" + string.Join(separator, Row(WorkerSamples.Valid())) + "\r\n";
        var csv = await CsvReader.OpenAsync(new StringReader(text), CancellationToken.None);

        Assert.True(await csv.ReadAsync(CancellationToken.None));
        Assert.Equal((separator, 1, true), (csv.Separator, csv.RecordNumber, csv.HasSeparatorLine));
        Assert.Equal(Columns, csv.Fields);
        Assert.True(await csv.ReadAsync(CancellationToken.None));
        Assert.Equal((2, 10), (csv.RecordNumber, csv.Fields.Count));
    }

    [Theory]
    [InlineData("nik;fullName\r\n", ';')]
    [InlineData("sep=;x,y,z\r\n", ',')]
    public async Task Without_a_sep_line_the_separator_comes_from_the_header(string text, char separator)
    {
        var csv = await CsvReader.OpenAsync(new StringReader(text), CancellationToken.None);

        Assert.True(await csv.ReadAsync(CancellationToken.None));
        Assert.Equal((separator, false), (csv.Separator, csv.HasSeparatorLine));
    }

    private static RowOutcome Read(IReadOnlyList<string> row) =>
        new ImportRowValidator(new RegistrationValidator(new RegistrationRules(), Reference), ImportHeader.Parse(Columns).Header!, Today)
            .Validate(row, quoteLeftOpen: false);

    private static List<string> Row(RegisterWorkerRequest w, string? sex = null, string? birthDate = null) =>
    [
        w.Nik ?? "", w.FullName ?? "", birthDate ?? w.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        sex ?? w.Sex ?? "", w.Phone ?? "", w.Address ?? "", w.Kecamatan ?? "", w.Kelurahan ?? "", w.OccupationCode ?? "",
        w.P3keListed ? "ya" : "tidak",
    ];
}
