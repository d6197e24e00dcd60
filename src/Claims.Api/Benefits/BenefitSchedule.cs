using PijarSemar.Contracts;

namespace PijarSemar.Claims.Benefits;

/// <summary>The benefit schedule in force, from valid <see cref="BenefitScheduleOptions"/>: whole rupiah and whole numbers only.</summary>
public sealed record BenefitSchedule(
    Rupiah DeclaredMonthlyIncome,
    Rupiah JkmLumpSum,
    Rupiah PeriodicBenefit,
    Rupiah FuneralCosts,
    Rupiah? ScholarshipPerChild,
    int ScholarshipChildren,
    int ScholarshipContributionMonths,
    int FullPayMonths,
    int FullPayPercent,
    int ReducedPayPercent,
    int WorkAccidentDeathIncomeMonths);
