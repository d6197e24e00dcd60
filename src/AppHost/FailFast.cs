using System.Runtime.ExceptionServices;

namespace PijarSemar.AppHost;

internal static class FailFast
{
    /// <summary>
    /// Runs the work in parallel; the first failure cancels the rest and is the one rethrown, so a
    /// service that crashes is reported at once instead of after the others' timeouts.
    /// </summary>
    public static async Task WhenAllAsync(CancellationToken ct, params IEnumerable<Func<CancellationToken, Task>> work)
    {
        using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = work.Select(async item =>
        {
            try
            {
                await item(firstFailure.Token);
            }
            catch
            {
                await firstFailure.CancelAsync();
                throw;
            }
        }).ToList();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch when (tasks.FirstOrDefault(task => task.IsFaulted)?.Exception?.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
