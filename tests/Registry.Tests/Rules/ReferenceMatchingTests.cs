using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

/// <summary>Kecamatan and occupations as offices spell them, matched to the canonical entry.</summary>
public sealed class ReferenceMatchingTests
{
    [Theory]
    [InlineData("Gajahmungkur", "Gajahmungkur")]
    [InlineData("Gajah Mungkur", "Gajahmungkur")]
    [InlineData("Gunung Pati", "Gunungpati")]
    [InlineData("Kec. Tembalang", "Tembalang")]
    [InlineData("kec tembalang", "Tembalang")]
    [InlineData("KECAMATAN TEMBALANG", "Tembalang")]
    [InlineData("Kec.Tembalang", "Tembalang")]
    [InlineData("  semarang   tengah ", "Semarang Tengah")]
    [InlineData("SEMARANG TENGAH", "Semarang Tengah")]
    [InlineData("337401", "Semarang Tengah")]
    [InlineData("33.74.01", "Semarang Tengah")]
    [InlineData("33.74.16", "Tugu")]
    public void A_kecamatan_is_matched_whatever_its_spacing_case_prefix_or_code_form(string typed, string canonical)
    {
        Assert.Equal(canonical, Reference.CanonicalKecamatan(typed));
        Assert.Equal(canonical, Validate(WorkerSamples.Valid() with { Kecamatan = typed }).Worker?.Kecamatan);
    }

    [Theory]
    [InlineData("Kebayoran Baru")]
    [InlineData("Semarang")]
    [InlineData("337417")]
    [InlineData("01")]
    [InlineData("Kec.")]
    public void A_kecamatan_that_is_not_one_of_the_16_is_refused(string typed)
    {
        Assert.Null(Reference.CanonicalKecamatan(typed));
        Assert.Equal(["kecamatan"], FailingFields(WorkerSamples.Valid() with { Kecamatan = typed }));
    }

    [Theory]
    [InlineData("tukang-becak", "tukang-becak")]
    [InlineData("Tukang becak", "tukang-becak")]
    [InlineData("TUKANG  BECAK", "tukang-becak")]
    [InlineData("tukang becak", "tukang-becak")]
    [InlineData("Pengatur lalu lintas jalan", "pengatur-lalu-lintas")]
    [InlineData("Juru jenazah / modin", "juru-jenazah")]
    [InlineData("Modin", "juru-jenazah")]
    [InlineData("Petugas kebersihan nonupah", "petugas-kebersihan-nonupah")]
    [InlineData("Sopir", "sopir")]
    [InlineData("Sopir Angkot", "sopir-angkot")]
    public void An_occupation_is_matched_by_its_code_or_its_indonesian_name_and_stored_as_its_code(string typed, string code)
    {
        Assert.Equal(code, Reference.CanonicalOccupation(typed));
        Assert.Equal(code, Validate(WorkerSamples.Valid() with { OccupationCode = typed }).Worker?.OccupationCode);
    }

    [Fact]
    public void An_occupation_outside_the_list_is_refused_for_a_worker_not_in_p3ke()
    {
        var result = Validate(WorkerSamples.Valid() with { OccupationCode = "pilot" });

        Assert.StartsWith("Occupation code is not a vulnerable occupation", result.Errors["occupationCode"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_occupation_is_required_for_a_worker_not_in_p3ke_even_with_an_occupation_text()
    {
        Assert.Equal(["occupationCode"], FailingFields(WorkerSamples.Valid() with { OccupationCode = null, OccupationText = "Ojek online" }));
    }

    [Fact]
    public void A_p3ke_workers_occupation_outside_the_list_is_kept_as_text_not_as_a_code()
    {
        var result = Validate(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = " Buruh bangunan " });

        Assert.True(result.IsValid);
        Assert.Equal((null, "Buruh bangunan"), (result.Worker!.OccupationCode, result.Worker.OccupationText));
    }

    [Fact]
    public void A_p3ke_workers_listed_occupation_typed_by_name_is_kept_as_its_code()
    {
        var result = Validate(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "Pemulung" });

        Assert.Equal(("pemulung", null), (result.Worker!.OccupationCode, result.Worker.OccupationText));
    }

    [Fact]
    public void A_p3ke_worker_may_give_a_listed_code_and_their_own_description()
    {
        var result = Validate(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "buruh-harian-lepas", OccupationText = "Kuli panggul pasar" });

        Assert.Equal(("buruh-harian-lepas", "Kuli panggul pasar"), (result.Worker!.OccupationCode, result.Worker.OccupationText));
    }

    [Fact]
    public void A_p3ke_worker_with_no_occupation_at_all_is_accepted()
    {
        var result = Validate(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = null });

        Assert.Equal((null, null), (result.Worker!.OccupationCode, result.Worker.OccupationText));
    }

    [Fact]
    public void A_p3ke_worker_with_an_unlisted_code_and_an_occupation_text_is_told_to_use_the_text_alone()
    {
        var result = Validate(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "buruh bangunan", OccupationText = "Kuli" });

        Assert.Contains("occupationText alone", result.Errors["occupationCode"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_occupation_text_longer_than_100_characters_is_refused_on_the_field_it_was_typed_in()
    {
        var p3ke = WorkerSamples.Valid(p3keListed: true);

        Assert.Equal(["occupationCode"], FailingFields(p3ke with { OccupationCode = new string('x', 101) }));
        Assert.Equal(["occupationText"], FailingFields(p3ke with { OccupationText = new string('x', 101) }));
    }
}
