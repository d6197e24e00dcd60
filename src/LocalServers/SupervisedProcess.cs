using System.Diagnostics;

namespace PijarSemar.LocalServers;

/// <summary>
/// A child process that leads its own session and process group, so a terminal's Ctrl+C reaches
/// only its owner (which stops children in order) and stopping can kill everything it spawned.
/// Its output is streamed line by line; a watchdog stops it if the owner dies first.
/// </summary>
public sealed class SupervisedProcess : IAsyncDisposable
{
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    private readonly Process process;
    private readonly Process watchdog;
    private readonly SupervisedProcessOptions options;
    private readonly RecentLines recent;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock stopLock = new();
    private Task? stopping;

    private SupervisedProcess(Process process, Process watchdog, SupervisedProcessOptions options, RecentLines recent)
    {
        this.process = process;
        this.watchdog = watchdog;
        this.options = options;
        this.recent = recent;
    }

    /// <summary>The process id, which is also its process group id.</summary>
    public int Id => process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited => exited.Task;

    public IReadOnlyList<string> RecentOutput => recent.Snapshot();

    public static SupervisedProcess Start(SupervisedProcessOptions options)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        startInfo.ArgumentList.Add(options.FileName);
        foreach (var argument in options.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in options.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var recent = new RecentLines(options.RecentLineCount);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var processExited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => processExited.TrySetResult();
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var watchdog = Watchdog.Start(
            process.Id, Posix.SignalNumber(options.StopSignal), options.StopTimeout, options.OrphanCleanup);
        var supervised = new SupervisedProcess(process, watchdog, options, recent);
        _ = supervised.TrackExitAsync(processExited.Task);
        return supervised;

        void OnLine(string? line)
        {
            if (line is not null)
            {
                recent.Add(line);
                options.Output?.Invoke(line);
            }
        }
    }

    /// <summary>Asks the process to stop, kills its group if it takes too long, then stops the watchdog.</summary>
    public Task StopAsync()
    {
        lock (stopLock)
        {
            return stopping ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        watchdog.Dispose();
    }

    private async Task StopCoreAsync()
    {
        if (!Exited.IsCompleted)
        {
            Posix.SignalGroup(Id, Posix.SignalNumber(options.StopSignal));
            if (await Task.WhenAny(Exited, Task.Delay(options.StopTimeout)) != Exited)
            {
                Posix.SignalGroup(Id, Posix.SigKill);
            }
            await Exited;
        }
        // Whatever the leader left behind in its group goes too; the id cannot be reused while any member lives.
        Posix.SignalGroup(Id, Posix.SigKill);
        if (!watchdog.HasExited)
        {
            watchdog.Kill(entireProcessTree: true);
        }
        await watchdog.WaitForExitAsync();
    }

    private async Task TrackExitAsync(Task processExited)
    {
        await processExited;
        // Read the output to its end so a crash report shows the last lines, unless a leftover
        // grandchild keeps the pipe open.
        using var drainLimit = new CancellationTokenSource(OutputDrainLimit);
        try
        {
            await process.WaitForExitAsync(drainLimit.Token);
        }
        catch (OperationCanceledException)
        {
        }
        exited.TrySetResult(process.ExitCode);
    }
}
