using Microsoft.Extensions.Configuration;
using PijarSemar.Claims.Benefits;
using Xunit;

namespace PijarSemar.Claims.Tests.Benefits;

public sealed class BenefitScheduleOptionsTests
{
    private static BenefitScheduleOptions Valid() => new()
    {
        DeclaredMonthlyIncome = 1_000_000,
        JkmLumpSum = 20_000_000,
        PeriodicBenefit = 12_000_000,
        FuneralCosts = 10_000_000,
        ScholarshipChildren = 2,
        ScholarshipContributionMonths = 36,
        FullPayMonths = 12,
        FullPayPercent = 100,
        ReducedPayPercent = 50,
        WorkAccidentDeathIncomeMonths = 48,
    };

    [Fact]
    public void The_shipped_settings_are_the_schedule_of_the_domain_brief()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ClaimsAppSettings()).Build();
        var options = configuration.GetSection(BenefitScheduleOptions.Section).Get<BenefitScheduleOptions>()!;

        Assert.Empty(options.Problems());
        Assert.Equal(BenefitEstimateTests.Schedule(), options.ToSchedule());
    }

    /// <summary>
    /// The Claims service's own file, from the source tree: the test's output folder holds an
    /// appsettings.json of every web project it references (Billing and Registry too), and which one
    /// is copied last depends on the build order.
    /// </summary>
    private static string ClaimsAppSettings()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PijarSemar.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("PijarSemar.sln not found above the test folder."), "src", "Claims.Api", "appsettings.json");
    }

    [Fact]
    public void A_valid_schedule_has_no_problems()
    {
        Assert.Empty(Valid().Problems());
    }

    [Fact]
    public void A_fraction_of_a_rupiah_is_a_problem_naming_the_amount()
    {
        var options = Valid();
        options.FuneralCosts = 10_000_000.5m;

        Assert.Equal(["FuneralCosts must be a whole number of rupiah of at least 0, not 10000000.5."], options.Problems());
    }

    [Fact]
    public void A_negative_amount_is_a_problem_naming_it()
    {
        var options = Valid();
        options.JkmLumpSum = -1;
        options.ScholarshipPerChild = -5;

        Assert.Equal(
            [
                "JkmLumpSum must be a whole number of rupiah of at least 0, not -1.",
                "ScholarshipPerChild must be a whole number of rupiah of at least 0, not -5.",
            ],
            options.Problems());
    }

    [Fact]
    public void Zero_is_an_amount_a_schedule_may_give()
    {
        var options = Valid();
        options.FuneralCosts = 0;
        options.ScholarshipPerChild = 0;

        Assert.Empty(options.Problems());
    }

    [Fact]
    public void An_amount_left_out_is_a_problem_but_the_scholarship_amount_may_be_left_out()
    {
        var options = Valid();
        options.PeriodicBenefit = null;
        options.FullPayMonths = null;

        Assert.Equal(
            [
                "PeriodicBenefit is not set: it is a whole number of rupiah of at least 0.",
                "FullPayMonths is not set: it is a whole number from 1 to 600.",
            ],
            options.Problems());
    }

    [Fact]
    public void A_percentage_above_100_is_a_problem()
    {
        var options = Valid();
        options.ReducedPayPercent = 150;

        Assert.Equal(["ReducedPayPercent must be a whole number from 0 to 100, not 150."], options.Problems());
    }

    [Fact]
    public void An_amount_beyond_any_rupiah_amount_is_a_problem()
    {
        var options = Valid();
        options.JkmLumpSum = long.MaxValue + 1m;

        Assert.Equal([$"JkmLumpSum must be a whole number of rupiah of at least 0, not {long.MaxValue + 1m}."], options.Problems());
    }

    [Fact]
    public void An_income_whose_death_benefit_does_not_fit_is_a_problem_at_start_not_on_a_request()
    {
        var options = Valid();
        options.DeclaredMonthlyIncome = long.MaxValue / 40;

        Assert.Equal(
            ["DeclaredMonthlyIncome is too large: the amounts derived from it do not fit in a rupiah amount."],
            options.Problems());
        Assert.Throws<InvalidOperationException>(options.ToSchedule);
    }
}
