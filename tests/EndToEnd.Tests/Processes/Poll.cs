using System.Diagnostics;

namespace PijarSemar.EndToEnd.Tests.Processes;

/// <summary>
/// Waits for a condition in the database, checking often: to catch work in its middle (a run
/// still open, an import half read) as well as to see it finish, always within a time limit.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(Every);
        }
    }
}
