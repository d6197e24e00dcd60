using System.Text.Json;
using Xunit;

namespace PijarSemar.Contracts.Tests;

public sealed class RupiahTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void The_monthly_contribution_adds_up_in_whole_rupiah()
    {
        var jkk = new Rupiah(10_000);
        var jkm = new Rupiah(6_800);

        Assert.Equal(new Rupiah(16_800), jkk + jkm);
        Assert.Equal(new Rupiah(3_200), jkk - jkm);
        Assert.Equal(new Rupiah(16_800 * 250_000L), (jkk + jkm) * 250_000);
        Assert.Equal(new Rupiah(33_600), 2 * (jkk + jkm));
        Assert.Equal(new Rupiah(26_800), Rupiah.Sum([jkk, jkm, jkk]));
        Assert.Equal(Rupiah.Zero, Rupiah.Sum([]));
    }

    [Fact]
    public void Arithmetic_that_does_not_fit_throws_instead_of_wrapping()
    {
        var most = new Rupiah(long.MaxValue);

        Assert.Throws<OverflowException>(() => most + new Rupiah(1));
        Assert.Throws<OverflowException>(() => new Rupiah(long.MinValue) - new Rupiah(1));
        Assert.Throws<OverflowException>(() => new Rupiah(16_800) * long.MaxValue);
        Assert.Throws<OverflowException>(() => Rupiah.Sum([most, most]));
    }

    [Fact]
    public void Amounts_compare_by_value()
    {
        Assert.True(new Rupiah(16_800) > new Rupiah(6_800));
        Assert.True(new Rupiah(-1) < Rupiah.Zero);
        Assert.True(new Rupiah(5) <= new Rupiah(5));
        Assert.True(new Rupiah(5) >= new Rupiah(5));
        Assert.Equal([new Rupiah(-1), Rupiah.Zero, new Rupiah(7)], new[] { new Rupiah(7), new Rupiah(-1), Rupiah.Zero }.Order());
    }

    [Theory]
    [InlineData(16_800, "Rp16.800")]
    [InlineData(0, "Rp0")]
    [InlineData(500, "Rp500")]
    [InlineData(1_000_000, "Rp1.000.000")]
    [InlineData(-6_800, "-Rp6.800")]
    [InlineData(long.MinValue, "-Rp9.223.372.036.854.775.808")]
    public void Display_uses_Indonesian_grouping(long amount, string shown)
    {
        Assert.Equal(shown, new Rupiah(amount).ToString());
    }

    [Fact]
    public void Json_is_a_plain_integer_and_round_trips()
    {
        var line = new Line(new Rupiah(16_800));

        var json = JsonSerializer.Serialize(line, Web);

        Assert.Equal("""{"total":16800}""", json);
        Assert.Equal(line, JsonSerializer.Deserialize<Line>(json, Web));
        Assert.Equal(new Rupiah(long.MaxValue), JsonSerializer.Deserialize<Line>("""{"total":9223372036854775807}""", Web)!.Total);
    }

    [Theory]
    [InlineData("""{"total":"16800"}""")]
    [InlineData("""{"total":16800.5}""")]
    [InlineData("""{"total":16800.0}""")]
    [InlineData("""{"total":1.68e4}""")]
    [InlineData("""{"total":9223372036854775808}""")]
    [InlineData("""{"total":null}""")]
    [InlineData("""{"total":true}""")]
    public void A_json_amount_that_is_not_a_whole_number_is_a_json_error_naming_the_field(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Line>(json, Web));

        Assert.Equal("$.total", error.Path);
    }

    private sealed record Line(Rupiah Total);
}
