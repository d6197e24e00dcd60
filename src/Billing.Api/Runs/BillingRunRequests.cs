using PijarSemar.ServiceDefaults.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.Billing.Runs;

/// <summary>Queues the run of a period, or finds the one already asked for.</summary>
public sealed class BillingRunRequests(
    NpgsqlDataSource dataSource,
    BillingDbContext db,
    JobSignal<BillingRunJob> signal,
    IOptions<BillingRunOptions> options,
    TimeProvider clock)
{
    /// <summary>The period's run and whether this request created it.</summary>
    public async Task<(BillingRun Run, bool Created)> RequestAsync(Period? requested, string actor, CancellationToken ct)
    {
        var period = requested ?? throw RequestValidationException.For("period", "The period to bill (yyyy-MM) is required.");
        var current = SemarangTime.CurrentPeriod(clock);
        if (period > current)
        {
            throw new BusinessRuleException(
                "Period in the future.", $"{period} has not begun in Semarang; the latest period that can be billed is {current}.");
        }

        var first = options.Value.FirstPeriod;
        if (period < first)
        {
            throw new BusinessRuleException(
                "Period before the program start.", $"The program bills from {first} on; {period} is before it.");
        }

        if (!await db.Tariffs.AnyAsync(t => t.EffectiveFrom.CompareTo(period.ToString()) <= 0, ct))
        {
            throw new BusinessRuleException("No tariff in force.", $"No tariff is in force for {period}; add one from {period} or earlier first.");
        }

        await using var command = dataSource.CreateCommand(BillingRunSql.Request);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("period", period.FirstDay);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        var created = (long)(await command.ExecuteScalarAsync(ct))! > 0;
        if (created)
        {
            signal.Notify();
        }

        var run = await db.Set<BillingRun>().AsNoTracking().SingleAsync(r => r.Period == period.FirstDay, ct);
        return (run, created);
    }
}
