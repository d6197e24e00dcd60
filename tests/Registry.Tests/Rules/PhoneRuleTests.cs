using PijarSemar.Registry.Domain;
using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

public sealed class PhoneRuleTests
{
    [Theory]
    [InlineData("0812 3456 7890", "+6281234567890")]
    [InlineData("0812-3456-7890", "+6281234567890")]
    [InlineData("62-812-3456-7890", "+6281234567890")]
    [InlineData("+62 812 3456 7890", "+6281234567890")]
    [InlineData("+62 (0) 812-3456-7890", "+6281234567890")]
    [InlineData("+62(0)81234567890", "+6281234567890")]
    [InlineData("0062 812 3456 7890", "+6281234567890")]
    [InlineData("0062 (0) 812 3456 7890", "+6281234567890")]
    [InlineData("+62 24 8311234", "+62248311234")]
    [InlineData("(024) 831-1234", "+62248311234")]
    [InlineData("0811 234 567", "+62811234567")]
    public void A_phone_written_the_ways_indonesians_write_it_is_stored_in_the_international_form(string typed, string stored)
    {
        Assert.Equal(stored, Phone.Normalise(typed));
    }

    [Theory]
    [InlineData("+62 1812 3456 789")]
    [InlineData("+62 112 3456 7890")]
    [InlineData("0062 1812 345 678")]
    [InlineData("01812345678")]
    [InlineData("+62 0 0812 3456 789")]
    [InlineData("+1 555 123 4567")]
    [InlineData("0812")]
    [InlineData("0812 345 67")]
    [InlineData("0812 3456 7890 12")]
    [InlineData("0812-3456-789O")]
    [InlineData("812 3456 7890")]
    public void A_phone_that_cannot_be_an_indonesian_number_is_refused(string typed)
    {
        Assert.Null(Phone.Normalise(typed));
    }

    [Fact]
    public void A_refused_phone_is_reported_on_the_phone_field_with_the_accepted_forms()
    {
        var result = Validate(WorkerSamples.Valid() with { Phone = "+62 1812 3456 789" });

        Assert.Contains("+62 (0) 812", result.Errors["phone"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_phone_is_optional()
    {
        Assert.True(Validate(WorkerSamples.Valid() with { Phone = "  " }).IsValid);
    }
}
