using PijarSemar.Claims.Apis;
using Xunit;

namespace PijarSemar.Claims.Tests.Reading;

public sealed class ClaimAgeTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void An_open_claim_counts_calendar_days_from_its_start_to_today()
    {
        var clock = new FixedClock(Utc(12, 1, 5));

        Assert.Equal(10, ClaimAge.DaysBetween(Utc(11, 21, 3), closedAt: null, clock));
    }

    [Fact]
    public void A_claim_started_today_is_zero_days_old()
    {
        var clock = new FixedClock(Utc(12, 1, 9));

        Assert.Equal(0, ClaimAge.DaysBetween(Utc(12, 1, 2), closedAt: null, clock));
    }

    [Fact]
    public void Midnight_in_Semarang_starts_a_new_day_seven_hours_before_midnight_UTC()
    {
        // 23:59 and 00:00 in Semarang (UTC+7): one minute apart, one day apart, the same UTC day.
        var clock = new FixedClock(Utc(11, 30, 17, 0));

        Assert.Equal(1, ClaimAge.DaysBetween(Utc(11, 30, 16, 59), closedAt: null, clock));
    }

    [Fact]
    public void Instants_on_two_UTC_days_but_one_day_in_Semarang_are_zero_days_apart()
    {
        // 00:00 and 23:59 of 1 December in Semarang: 30 Nov 17:00 and 1 Dec 16:59 UTC.
        var clock = new FixedClock(Utc(12, 1, 16, 59));

        Assert.Equal(0, ClaimAge.DaysBetween(Utc(11, 30, 17, 0), closedAt: null, clock));
    }

    [Fact]
    public void A_closed_claim_stops_counting_on_the_day_it_closed()
    {
        var closed = Utc(11, 25, 3);

        Assert.Equal(4, ClaimAge.DaysBetween(Utc(11, 21, 3), closed, new FixedClock(Utc(12, 1, 5))));
        Assert.Equal(4, ClaimAge.DaysBetween(Utc(11, 21, 3), closed, new FixedClock(Utc(12, 31, 5))));
    }

    [Fact]
    public void A_claim_closed_just_after_midnight_in_Semarang_closed_on_the_next_day()
    {
        // Closed at 00:30 on 22 November in Semarang, which is still 21 November in UTC.
        Assert.Equal(1, ClaimAge.DaysBetween(Utc(11, 21, 3), Utc(11, 21, 17, 30), new FixedClock(Utc(12, 1, 5))));
    }

    [Fact]
    public void A_start_after_the_clock_counts_zero_rather_than_negative_days()
    {
        Assert.Equal(0, ClaimAge.DaysBetween(Utc(12, 3, 5), closedAt: null, new FixedClock(Utc(12, 1, 5))));
    }
}
