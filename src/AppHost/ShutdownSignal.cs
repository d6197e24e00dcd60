using System.Runtime.InteropServices;

namespace PijarSemar.AppHost;

/// <summary>
/// Turns Ctrl+C, SIGTERM, SIGHUP and SIGQUIT into an orderly stop. A second signal is left to its
/// default action, which ends the AppHost at once; its children's supervisors then stop them.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly List<PosixSignalRegistration> registrations;

    public ShutdownSignal(ConsoleLog log) =>
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, context =>
            {
                if (requested.IsCancellationRequested)
                {
                    return;
                }
                context.Cancel = true;
                log.Info($"{context.Signal} received: stopping everything (again to stop at once).");
                requested.Cancel();
            }))];

    public CancellationToken Token => requested.Token;

    public void Dispose()
    {
        registrations.ForEach(registration => registration.Dispose());
        requested.Dispose();
    }
}
