namespace PijarSemar.Billing.Tariffs;

/// <summary>
/// A transaction-scoped advisory lock between adding a tariff and pricing a run: a run holds it
/// shared while it reads the tariff in force and bills, a new tariff holds it exclusively while it
/// checks that no run covers its month. Without it a tariff could commit for a month that a run
/// has just priced at the old amount.
/// </summary>
public static class TariffLock
{
    public const string Shared = "SELECT pg_advisory_xact_lock_shared(33740201, 1)";
    public const string Exclusive = "SELECT pg_advisory_xact_lock(33740201, 1)";
}
