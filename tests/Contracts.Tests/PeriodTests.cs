using System.Text.Json;
using Xunit;

namespace PijarSemar.Contracts.Tests;

public sealed class PeriodTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("2026-01", 2026, 1)]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("2000-01", 2000, 1)]
    [InlineData("2100-12", 2100, 12)]
    public void A_well_formed_period_is_parsed_and_written_back_the_same(string text, int year, int month)
    {
        var period = Period.Parse(text);

        Assert.Equal((year, month), (period.Year, period.Month));
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("2026-1")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData(" 2026-01")]
    [InlineData("2026-01 ")]
    [InlineData("2026-01-01")]
    [InlineData("2026/01")]
    [InlineData("26-01")]
    [InlineData("+026-01")]
    [InlineData("1999-12")]
    [InlineData("2101-01")]
    [InlineData("２０２６-01")]
    [InlineData("")]
    [InlineData(null)]
    public void A_malformed_period_is_refused(string? text)
    {
        Assert.False(Period.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Period.Parse(text ?? ""));
    }

    [Fact]
    public void Month_arithmetic_crosses_years_both_ways()
    {
        var december = new Period(2026, 12);

        Assert.Equal(new Period(2027, 1), december.Next());
        Assert.Equal(new Period(2026, 12), new Period(2027, 1).Previous());
        Assert.Equal(new Period(2028, 2), december.AddMonths(14));
        Assert.Equal(new Period(2025, 11), december.AddMonths(-13));
        Assert.Equal(december, december.AddMonths(0));
        Assert.Equal(1, december.MonthsUntil(new Period(2027, 1)));
        Assert.Equal(-12, december.MonthsUntil(new Period(2025, 12)));
        Assert.Equal(0, december.MonthsUntil(december));
    }

    [Fact]
    public void Arithmetic_past_the_bounds_throws_instead_of_making_up_a_year()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.MaxValue.Next());
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.MinValue.Previous());
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.MinValue.AddMonths(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Period(2026, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Period(1999, 12));
    }

    [Fact]
    public void First_and_last_day_follow_the_calendar_including_leap_years()
    {
        Assert.Equal((new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)), (new Period(2028, 2).FirstDay, new Period(2028, 2).LastDay));
        Assert.Equal(new DateOnly(2026, 2, 28), new Period(2026, 2).LastDay);
        Assert.Equal(new DateOnly(2026, 12, 31), new Period(2026, 12).LastDay);
    }

    [Fact]
    public void A_period_contains_exactly_the_days_of_its_month()
    {
        var march = new Period(2026, 3);

        Assert.True(march.Contains(new DateOnly(2026, 3, 1)));
        Assert.True(march.Contains(new DateOnly(2026, 3, 31)));
        Assert.False(march.Contains(new DateOnly(2026, 2, 28)));
        Assert.False(march.Contains(new DateOnly(2026, 4, 1)));
        Assert.False(march.Contains(new DateOnly(2027, 3, 15)));
        Assert.Equal(march, Period.FromDate(new DateOnly(2026, 3, 17)));
    }

    [Fact]
    public void Periods_compare_in_calendar_order_not_text_order_of_parts()
    {
        var periods = new[] { new Period(2027, 1), new Period(2026, 12), new Period(2026, 2), new Period(2026, 10) };

        Assert.Equal(["2026-02", "2026-10", "2026-12", "2027-01"], periods.Order().Select(p => p.ToString()));
        Assert.True(new Period(2026, 12) < new Period(2027, 1));
        Assert.True(new Period(2027, 1) > new Period(2026, 12));
        Assert.True(new Period(2026, 5) <= new Period(2026, 5));
        Assert.True(new Period(2026, 5) >= new Period(2026, 5));
        Assert.False(new Period(2026, 6) <= new Period(2026, 5));
    }

    [Fact]
    public void Json_is_the_yyyy_MM_string_and_round_trips_in_records_and_as_keys()
    {
        var bill = new Bill(new Period(2026, 1), new Dictionary<Period, int> { [new Period(2026, 2)] = 3 });

        var json = JsonSerializer.Serialize(bill, Web);

        Assert.Equal("""{"period":"2026-01","lines":{"2026-02":3}}""", json);
        Assert.Equal(bill.Period, JsonSerializer.Deserialize<Bill>(json, Web)!.Period);
        Assert.Equal(3, JsonSerializer.Deserialize<Bill>(json, Web)!.Lines[new Period(2026, 2)]);
    }

    [Theory]
    [InlineData("""{"period":"2026-1"}""")]
    [InlineData("""{"period":"2026-01-01"}""")]
    [InlineData("""{"period":202601}""")]
    [InlineData("""{"period":null}""")]
    [InlineData("""{"period":{}}""")]
    public void A_malformed_json_period_is_a_json_error_naming_the_field(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Bill>(json, Web));

        Assert.Equal("$.period", error.Path);
    }

    private sealed record Bill(Period Period, Dictionary<Period, int> Lines);
}
