using System.Diagnostics;
using Xunit;

namespace PijarSemar.LocalServers.Tests;

public sealed class SupervisedProcessKillTests
{
    // A shell that ignores SIGTERM: only SIGKILL ends it before its minute is up.
    private static readonly string[] StubbornChild = ["-c", "trap '' TERM; echo started; sleep 60 & wait"];

    [Fact]
    public async Task A_killed_process_dies_of_SIGKILL_at_once_and_its_cleanup_does_not_run()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"pijar-kill-{Guid.NewGuid():N}");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var process = SupervisedProcess.Start(new("bash", StubbornChild)
        {
            Output = _ => started.TrySetResult(),
            StopTimeout = TimeSpan.FromSeconds(30),
            Cleanup = [["touch", marker]],
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var killing = Stopwatch.StartNew();
        await process.KillAsync().WaitAsync(TimeSpan.FromSeconds(20));

        // 128 + 9: killed by SIGKILL, well before the 30 s a stop would wait for the ignored SIGTERM.
        Assert.Equal(137, await process.Exited);
        Assert.InRange(killing.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(marker), "The cleanup ran although the process was killed.");
    }
}
