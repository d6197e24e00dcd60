using Microsoft.Extensions.Options;

namespace PijarSemar.Funding.Tariffs;

/// <summary>Reads Billing's tariffs at start and every <see cref="TariffOptions.RefreshInterval"/>, so a new tariff reaches Funding without a request waiting for it.</summary>
internal sealed partial class TariffRefresher(TariffCopy copy, IOptions<TariffOptions> options, ILogger<TariffRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                await copy.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Npgsql.NpgsqlException e)
            {
                // The database is unreachable; the next tick tries again. TariffCopy logs Billing's failures itself.
                LogDatabaseUnavailable(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The tariff copy could not be written; retrying at the next refresh")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception error);
}
