using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;

namespace PijarSemar.Funding.Tariffs;

/// <summary>
/// Funding's copy of Billing's tariffs in the <c>tariffs</c> table, which prices the budget check
/// and the projected cost. Billing owns the tariffs; the copy is replaced by what Billing answers,
/// all pages in one transaction, so it is never half old and half new.
/// </summary>
public sealed partial class TariffCopy(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    IOptions<TariffOptions> options,
    TimeProvider clock,
    ILogger<TariffCopy> logger) : IDisposable
{
    private const int PageSize = 200;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private bool _lastAnswered;

    /// <summary>Whether Billing has answered since this instance started.</summary>
    public bool BillingAnswered { get; private set; }

    /// <summary>Reads every tariff from Billing and replaces the copy; false when Billing could not be read.</summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await RefreshLockedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A refresh for a request that needs a month the copy lacks. Requests arriving together share
    /// one call, and one made less than <see cref="TariffOptions.OnDemandMinInterval"/> ago is reused.
    /// </summary>
    public async Task<bool> RefreshOnDemandAsync(CancellationToken ct)
    {
        var attemptedBefore = _lastAttempt;
        await _gate.WaitAsync(ct);
        try
        {
            if (_lastAttempt != attemptedBefore || clock.GetUtcNow() - _lastAttempt < options.Value.OnDemandMinInterval)
            {
                return _lastAnswered;
            }

            return await RefreshLockedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> RefreshLockedAsync(CancellationToken ct)
    {
        _lastAttempt = clock.GetUtcNow();
        List<TariffResponse> tariffs;
        try
        {
            tariffs = await ReadAllAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or ApiException or TimeoutException or InvalidOperationException
                                      or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            LogBillingUnavailable(logger, e);
            return _lastAnswered = false;
        }

        await ReplaceAsync(tariffs, ct);
        LogRefreshed(logger, tariffs.Count);
        BillingAnswered = true;
        return _lastAnswered = true;
    }

    private async Task<List<TariffResponse>> ReadAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var billing = scope.ServiceProvider.GetRequiredService<IBillingClient>();
        var tariffs = new List<TariffResponse>();
        string? cursor = null;
        do
        {
            var page = await billing.GetTariffsAsync(cursor, PageSize, ct);
            tariffs.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return tariffs;
    }

    private async Task ReplaceAsync(List<TariffResponse> tariffs, CancellationToken ct)
    {
        var months = new List<DateOnly>();
        var amounts = new List<long>();
        foreach (var tariff in tariffs)
        {
            // Billing's table allows only yyyy-MM and positive contributions; anything else is not a tariff to price with.
            if (Period.TryParse(tariff.EffectiveFrom, out var from) && tariff.MonthlyContribution > 0)
            {
                months.Add(from.FirstDay);
                amounts.Add(tariff.MonthlyContribution);
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM tariffs WHERE NOT (effective_from = ANY(@months))", connection, transaction))
        {
            delete.Parameters.AddWithValue("months", months.ToArray());
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO tariffs (effective_from, monthly_contribution, fetched_at)
            SELECT * FROM unnest(@months, @amounts) AS t(effective_from, monthly_contribution), (SELECT @at::timestamptz) AS f(fetched_at)
            ON CONFLICT (effective_from) DO UPDATE
            SET monthly_contribution = excluded.monthly_contribution, fetched_at = excluded.fetched_at
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("months", months.ToArray());
            upsert.Parameters.AddWithValue("amounts", amounts.ToArray());
            upsert.Parameters.AddWithValue("at", clock.GetUtcNow());
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Tariff copy refreshed from Billing: {Count} tariffs")]
    private static partial void LogRefreshed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing's tariffs could not be read; the copy is unchanged")]
    private static partial void LogBillingUnavailable(ILogger logger, Exception error);
}
