using System.Runtime.InteropServices;

namespace PijarSemar.LocalServers;

public sealed record SupervisedProcessOptions(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives every line the process writes to stdout or stderr.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>The signal that asks the process to shut down cleanly (PostgreSQL wants SIGINT for a fast shutdown).</summary>
    public PosixSignal StopSignal { get; init; } = PosixSignal.SIGTERM;

    /// <summary>How long a clean shutdown may take before the process group is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Commands the supervisor runs once the process has stopped, e.g. deleting a throw-away
    /// directory; skipped only by <see cref="SupervisedProcess.StopAsync(bool)"/> with <c>runCleanup: false</c>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cleanup { get; init; } = [];

    public int RecentLineCount { get; init; } = 50;
}
