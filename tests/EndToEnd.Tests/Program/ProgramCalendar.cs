using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>
/// The months the scenario lives in, from today's month in Semarang: the two it bills (last month
/// and this one, where the deaths and accidents happen: no claim can be older than a registration
/// made today) and the next one, after the death, which nobody may bill the deceased for. In
/// December or January those months span two fiscal years, and the program is set up in each.
/// </summary>
public sealed class ProgramCalendar
{
    public ProgramCalendar(TimeProvider clock)
    {
        Today = SemarangTime.Today(clock);
        ThisMonth = Period.FromDate(Today);
        LastMonth = ThisMonth.Previous();
        NextMonth = ThisMonth.Next();
        FiscalYears = [.. new[] { LastMonth.Year, ThisMonth.Year, NextMonth.Year }.Distinct()];
    }

    public DateOnly Today { get; }

    public Period LastMonth { get; }

    public Period ThisMonth { get; }

    public Period NextMonth { get; }

    public IReadOnlyList<int> FiscalYears { get; }

    /// <summary>The first month funded in <paramref name="fiscalYear"/>: last month, or January when the year starts later.</summary>
    public Period FirstFundedMonth(int fiscalYear) => LastMonth.Year == fiscalYear ? LastMonth : new Period(fiscalYear, 1);

    /// <summary>Months from <see cref="FirstFundedMonth"/> to December: every allocation of the year covers them.</summary>
    public int FundedMonths(int fiscalYear) => FirstFundedMonth(fiscalYear).MonthsUntil(new Period(fiscalYear, 12)) + 1;
}
