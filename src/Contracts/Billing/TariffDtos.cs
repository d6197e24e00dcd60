namespace PijarSemar.Contracts.Billing;

/// <summary>
/// Billing's contribution tariff in force from <see cref="EffectiveFrom"/> (yyyy-MM) on;
/// <see cref="MonthlyContribution"/> is what one worker costs a month, in whole rupiah.
/// </summary>
public sealed record TariffResponse(string EffectiveFrom, long IncomeBase, decimal JkkRate, long JkmAmount, long MonthlyContribution);
