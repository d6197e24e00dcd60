using PijarSemar.Registry.Domain;
using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

public sealed class NameRuleTests
{
    [Theory]
    [InlineData("Siti Rahayu")]
    [InlineData("Nur'aini")]
    [InlineData("Nur\u2019aini")]
    [InlineData("Siti Rahayu-Putri")]
    [InlineData("Moh. Ali")]
    [InlineData("Ni Luh Putu Ayu")]
    [InlineData("Renée Müller")]
    [InlineData("Sukarno")]
    [InlineData("Al")]
    public void A_name_of_letters_spaces_apostrophes_hyphens_and_dots_is_accepted(string name)
    {
        Assert.Null(PersonName.Problem(name));
        Assert.True(Validate(WorkerSamples.Valid() with { FullName = name }).IsValid);
    }

    [Theory]
    [InlineData("A", "at least two letters")]
    [InlineData("A.", "at least two letters")]
    [InlineData("=HYPERLINK(\"x\")", "must not start with =, +, - or @")]
    [InlineData("+Budi", "must not start with =, +, - or @")]
    [InlineData("-Budi", "must not start with =, +, - or @")]
    [InlineData("@Budi", "must not start with =, +, - or @")]
    [InlineData("'Budi", "must start with a letter")]
    [InlineData(".Budi", "must start with a letter")]
    [InlineData("Budi\tSantoso", "control characters")]
    [InlineData("Budi\u0007", "control characters")]
    [InlineData("Budi 2", "no digits")]
    [InlineData("Budi, S.H.", "not ','")]
    [InlineData("Budi \"Ita\"", "not '\"'")]
    [InlineData("Budi/Santoso", "not '/'")]
    [InlineData("Budi\u200BSantoso", "not '\u200B'")]
    public void A_name_breaking_a_rule_is_refused_saying_which(string name, string reason)
    {
        var result = Validate(WorkerSamples.Valid() with { FullName = name });

        Assert.Contains(reason, result.Errors["fullName"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_150_characters_is_refused()
    {
        Assert.Equal(["fullName"], FailingFields(WorkerSamples.Valid() with { FullName = new string('a', 151) }));
        Assert.True(Validate(WorkerSamples.Valid() with { FullName = new string('a', 150) }).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_missing_name_is_refused(string? name)
    {
        Assert.Equal(["Full name is required."], Validate(WorkerSamples.Valid() with { FullName = name }).Errors["fullName"]);
    }

    [Fact]
    public void Spaces_around_and_between_words_including_no_break_spaces_are_made_single()
    {
        var result = Validate(WorkerSamples.Valid() with { FullName = "  Siti \u00A0  Rahayu " });

        Assert.Equal("Siti Rahayu", result.Worker!.FullName);
    }
}
