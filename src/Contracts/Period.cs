using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace PijarSemar.Contracts;

/// <summary>
/// A calendar month, written <c>yyyy-MM</c>: what a contribution is billed for, an allocation
/// starts and ends in, and a coverage answer names. Parsing is strict (exactly four digits, a
/// dash, two digits), so <c>2026-1</c> or a whole date is refused instead of guessed at.
/// </summary>
[JsonConverter(typeof(PeriodJsonConverter))]
public readonly record struct Period : IComparable<Period>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    // Months since January of year 0, so comparison and arithmetic are plain integer operations.
    private readonly int _index;

    public Period(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        _index = (year * 12) + month - 1;
    }

    public static Period MinValue { get; } = new(MinYear, 1);

    public static Period MaxValue { get; } = new(MaxYear, 12);

    public int Year => _index / 12;

    public int Month => (_index % 12) + 1;

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => new(Year, Month, DateTime.DaysInMonth(Year, Month));

    public static Period FromDate(DateOnly date) => new(date.Year, date.Month);

    public bool Contains(DateOnly date) => date.Year == Year && date.Month == Month;

    public Period Next() => AddMonths(1);

    public Period Previous() => AddMonths(-1);

    /// <summary>The period <paramref name="months"/> later (earlier when negative); outside 2000-01..2100-12 throws.</summary>
    public Period AddMonths(int months)
    {
        var index = (long)_index + months;
        return index < MinValue._index || index > MaxValue._index
            ? throw new ArgumentOutOfRangeException(nameof(months), $"{this} plus {months} months is outside {MinValue}..{MaxValue}.")
            : FromIndex((int)index);
    }

    /// <summary>How many months from this period to <paramref name="other"/>: 1 from 2026-12 to 2027-01, negative when earlier.</summary>
    public int MonthsUntil(Period other) => other._index - _index;

    public int CompareTo(Period other) => _index.CompareTo(other._index);

    public static bool operator <(Period left, Period right) => left._index < right._index;

    public static bool operator >(Period left, Period right) => left._index > right._index;

    public static bool operator <=(Period left, Period right) => left._index <= right._index;

    public static bool operator >=(Period left, Period right) => left._index >= right._index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static Period Parse(string s) =>
        TryParse(s, out var period) ? period : throw new FormatException($"A period is written yyyy-MM, from {MinValue} to {MaxValue}.");

    /// <summary>
    /// Also what minimal APIs call to bind a period from the route or the query string. There is
    /// deliberately no overload taking a format provider: a period is written the same everywhere.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Period result)
    {
        result = default;
        if (s is not { Length: 7 } || s[4] != '-' || !AllDigits(s.AsSpan(0, 4)) || !AllDigits(s.AsSpan(5, 2)))
        {
            return false;
        }

        var year = int.Parse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var month = int.Parse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear || month is < 1 or > 12)
        {
            return false;
        }

        result = new Period(year, month);
        return true;
    }

    private static Period FromIndex(int index) => new(index / 12, (index % 12) + 1);

    // char.IsDigit accepts other scripts' digits; a period is written with ASCII ones only.
    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
