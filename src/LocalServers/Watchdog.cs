using System.Diagnostics;
using System.Globalization;

namespace PijarSemar.LocalServers;

/// <summary>
/// A detached shell that outlives its owner: when the owner dies without stopping its child
/// (SIGKILL, an aborted test run), it stops the child's process group, then runs the cleanup.
/// It lives in its own session so the Ctrl+C that kills the owner does not kill it too.
/// </summary>
internal static class Watchdog
{
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 group=$2 signal=$3 grace=$4
        running=1
        while kill -0 "$owner"; do
          if [ "$running" = 1 ] && ! kill -0 -- "-$group"; then running=0; fi
          sleep 1
        done
        if [ "$running" = 1 ]; then
          kill "-$signal" -- "-$group"
          for ((i = 0; i < grace * 5; i++)); do kill -0 -- "-$group" || break; sleep 0.2; done
          kill -KILL -- "-$group"
        fi
        eval "$5"
        """;

    public static Process Start(
        int processGroupId, int stopSignal, TimeSpan grace, IReadOnlyList<IReadOnlyList<string>> cleanup)
    {
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        string[] arguments =
        [
            "bash", "-c", Script, "pijar-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            processGroupId.ToString(CultureInfo.InvariantCulture),
            stopSignal.ToString(CultureInfo.InvariantCulture),
            ((int)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            string.Join("; ", cleanup.Select(command => string.Join(' ', command.Select(Quote)))),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the watchdog.");
    }

    private static string Quote(string argument) => $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
