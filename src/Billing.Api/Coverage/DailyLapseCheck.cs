using Microsoft.Extensions.Options;

namespace PijarSemar.Billing.Coverage;

/// <summary>How often the lapse check runs on its own (<c>Billing:Lapses:Interval</c>, default a day).</summary>
public sealed class LapseCheckOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// Runs <see cref="LapseCheck"/> at start and then every interval. Replicas may all run it: the
/// check takes a transaction-scoped advisory lock and its inserts conflict on the lapse's key, so
/// a lapse is told once whoever finds it first.
/// </summary>
public sealed partial class DailyLapseCheck(IServiceScopeFactory scopes, IOptions<LapseCheckOptions> options, TimeProvider clock, ILogger<DailyLapseCheck> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LapseCheck>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a lapse found a day late is still told once.
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lapse check failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
