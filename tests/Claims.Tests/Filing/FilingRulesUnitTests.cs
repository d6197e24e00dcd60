using PijarSemar.Claims.Coverage;
using PijarSemar.Claims.Domain;
using PijarSemar.Claims.Filing;
using PijarSemar.ServiceDefaults.Errors;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>The pure rules of filing: incident dates, and when coverage is asked about again.</summary>
public sealed class FilingRulesUnitTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly Guid Worker = Guid.NewGuid();

    [Theory]
    [InlineData("Jkk", "2026-12-01", null)]
    [InlineData("Jkk", "2026-12-02", "Incident date is in the future.")]
    [InlineData("Jkm", "2026-12-02", "Incident date is in the future.")]
    [InlineData("Jkk", "2021-12-01", null)]
    [InlineData("Jkk", "2021-11-30", "JKK claim window has passed.")]
    [InlineData("Jkm", "2021-11-30", null)]
    public void Calendar_rules(string type, string incident, string? refusal) =>
        Assert.Equal(refusal, Refusal(() => IncidentDateRules.CheckCalendar(type, DateOnly.Parse(incident, System.Globalization.CultureInfo.InvariantCulture), Today, 5)));

    [Fact]
    public void The_JKK_window_follows_its_setting() =>
        Assert.Equal("JKK claim window has passed.", Refusal(() => IncidentDateRules.CheckCalendar("Jkk", Today.AddYears(-2).AddDays(-1), Today, 2)));

    [Theory]
    [InlineData("Verified", "2026-05-01", null, null, null)]
    [InlineData("Registered", "2026-05-01", null, null, null)]
    [InlineData("Verified", "2026-05-01", "2026-05-01", null, null)]
    [InlineData("Verified", "2026-05-01", "2026-05-02", null, "Incident before registration.")]
    [InlineData("Deactivated", "2026-05-01", null, "2026-05-01", null)]
    [InlineData("Deactivated", "2026-05-02", null, "2026-05-01", "Incident after the worker's death.")]
    [InlineData("Rejected", "2026-05-01", null, null, "Worker was never admitted.")]
    public void Worker_rules(string status, string incident, string? registered, string? died, string? refusal) =>
        Assert.Equal(refusal, Refusal(() => IncidentDateRules.CheckWorker(Worker, Day(incident)!.Value, status, Day(registered), Day(died))));

    [Fact]
    public void An_unanswered_check_is_asked_again_after_30_s_doubling_up_to_an_hour()
    {
        var now = DateTimeOffset.UtcNow;
        var policy = CoverageRecheckPolicy.Default;

        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
            Enumerable.Range(1, 9).Select(n => (policy.NextCheck(CoverageStatus.Unknown, n, now)!.Value - now).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), policy.NextCheck(CoverageStatus.Unknown, int.MaxValue, now) - now);
    }

    [Fact]
    public void PendingPayment_is_asked_again_daily_and_a_final_answer_never()
    {
        var now = DateTimeOffset.UtcNow;
        var policy = CoverageRecheckPolicy.Default;

        Assert.Equal(TimeSpan.FromDays(1), policy.NextCheck(CoverageStatus.PendingPayment, 0, now) - now);
        Assert.Null(policy.NextCheck(CoverageStatus.Covered, 0, now));
        Assert.Null(policy.NextCheck(CoverageStatus.NotCovered, 0, now));
        Assert.Null(policy.NextCheck(CoverageStatus.Lapsed, 0, now));
    }

    [Fact]
    public void Unanswered_checks_in_a_row_are_counted_and_an_answer_starts_the_count_again()
    {
        var claim = Claim.File(Worker, ClaimType.Jkk, Today, "d", null, "wife", "Tugu", "officer", DateTimeOffset.UtcNow, CoverageAnswer.Unknown("down"), CoverageRecheckPolicy.Default);
        claim.RecordCoverage(CoverageAnswer.Unknown("down"), "system", DateTimeOffset.UtcNow, CoverageRecheckPolicy.Default);
        var twice = claim.CoverageAttempts;
        claim.RecordCoverage(new CoverageAnswer(CoverageStatus.Covered, Today, Guid.NewGuid(), Guid.NewGuid(), null, null), "system", DateTimeOffset.UtcNow, CoverageRecheckPolicy.Default);

        Assert.Equal((2, 0, (DateTimeOffset?)null), (twice, claim.CoverageAttempts, claim.CoverageRecheckAt));
        Assert.Equal(3, claim.CoverageChecks.Count);
    }

    [Theory]
    [InlineData("Interval", "00:00:00")]
    [InlineData("RetryDelay", "02:00:00")]
    [InlineData("CallTimeout", "00:05:00")]
    [InlineData("BatchSize", "0")]
    [InlineData("Lease", "00:00:01")]
    public void Nonsensical_recheck_settings_are_refused(string setting, string value)
    {
        var options = new CoverageOptions();
        var property = typeof(CoverageOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(options.Problems(), p => p.StartsWith(setting, StringComparison.Ordinal));
        Assert.Empty(new CoverageOptions().Problems());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void A_nonsensical_JKK_window_is_refused(int years) =>
        Assert.Single(new FilingOptions { JkkClaimWindowYears = years }.Problems());

    private static DateOnly? Day(string? value) => value is null ? null : DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string? Refusal(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (BusinessRuleException e)
        {
            return e.Title;
        }
    }
}
