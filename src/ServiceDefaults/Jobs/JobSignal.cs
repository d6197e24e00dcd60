namespace PijarSemar.ServiceDefaults.Jobs;

/// <summary>Wakes a job's runner as soon as an item is queued here, instead of waiting for its next poll.</summary>
public sealed class JobSignal<TJob> : IDisposable
    where TJob : IBackgroundJob
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the runner wakes either way.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
