using System.Diagnostics;

namespace PijarSemar.LocalServers;

/// <summary>
/// A child process run under a <see cref="Supervisor"/> in a session and process group of its
/// own, so a terminal's Ctrl+C reaches only its owner (which stops children in order) and
/// stopping ends everything it spawned. Its output is streamed line by line. If the owner dies
/// first, the supervisor sees its lifeline close and stops the process.
/// </summary>
public sealed class SupervisedProcess : IAsyncDisposable
{
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    // Beyond the process's own grace: the supervisor needs a moment to reap and exit.
    private static readonly TimeSpan SupervisorGrace = TimeSpan.FromSeconds(10);

    private readonly Process supervisor;
    private readonly SupervisedProcessOptions options;
    private readonly RecentLines recent;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock stopLock = new();
    private Task? stopping;

    private SupervisedProcess(Process supervisor, SupervisedProcessOptions options, RecentLines recent)
    {
        this.supervisor = supervisor;
        this.options = options;
        this.recent = recent;
    }

    /// <summary>Completes with the exit code once the process has exited and its output is read.</summary>
    public Task<int> Exited => exited.Task;

    public IReadOnlyList<string> RecentOutput => recent.Snapshot();

    public static SupervisedProcess Start(SupervisedProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The redirected standard input is the lifeline: its write end stays in this process only
        // (the runtime opens it close-on-exec), open until StopAsync.
        var startInfo = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in Supervisor.Arguments(options))
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
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var supervised = new SupervisedProcess(process, options, recent);
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

    /// <summary>
    /// Asks the supervisor to stop the process (the stop signal, then SIGKILL after the grace
    /// period) and to run the cleanup, and waits until it has.
    /// </summary>
    public Task StopAsync() => StopAsync(runCleanup: true);

    /// <summary>As <see cref="StopAsync()"/>; without <paramref name="runCleanup"/> the cleanup is skipped, e.g. to keep data for a restart.</summary>
    public Task StopAsync(bool runCleanup)
    {
        lock (stopLock)
        {
            return stopping ??= StopCoreAsync(runCleanup ? Supervisor.StopRequest : Supervisor.KeepRequest);
        }
    }

    /// <summary>
    /// Kills the process group with SIGKILL at once, as a crash would, skipping the cleanup, and
    /// waits until it has exited. Nothing in the process gets a chance to finish what it was doing.
    /// </summary>
    public Task KillAsync()
    {
        lock (stopLock)
        {
            return stopping ??= StopCoreAsync(Supervisor.KillRequest);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        supervisor.Dispose();
    }

    private async Task StopCoreAsync(string request)
    {
        try
        {
            await supervisor.StandardInput.WriteLineAsync(request);
            await supervisor.StandardInput.FlushAsync();
            supervisor.StandardInput.Close();
        }
        catch (IOException)
        {
            // The supervisor has exited already, with the process.
        }

        if (await Task.WhenAny(Exited, Task.Delay(options.StopTimeout + SupervisorGrace)) != Exited)
        {
            // Never expected; without the supervisor the process would be orphaned, so kill only the shell, not a tree.
            supervisor.Kill();
        }
        await Exited;
    }

    private async Task TrackExitAsync(Task processExited)
    {
        await processExited;
        // Read the output to its end so a crash report shows the last lines, unless a leftover
        // grandchild keeps the pipe open.
        using var drainLimit = new CancellationTokenSource(OutputDrainLimit);
        try
        {
            await supervisor.WaitForExitAsync(drainLimit.Token);
        }
        catch (OperationCanceledException)
        {
        }
        exited.TrySetResult(supervisor.ExitCode);
    }
}
