namespace PijarSemar.Registry.WorkerImports;

/// <summary>Wakes the runner as soon as an upload is stored, instead of waiting for its next poll.</summary>
public sealed class WorkerImportSignal : IDisposable
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
