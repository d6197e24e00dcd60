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
    // The group leader (postgres' postmaster, rabbitmq-server's shell, dotnet) outlives the rest of
    // its group, so it stands for the group. A killed leader is a zombie until init reaps it, so
    // "running" means present and not a zombie rather than kill -0.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 group=$2 signal=$3 grace=$4
        running() {
          while read -r key value _; do
            if [ "$key" = State: ]; then [ "$value" != Z ]; return; fi
          done < "/proc/$group/status"
          return 1
        }
        watched=1
        while kill -0 "$owner"; do
          if [ "$watched" = 1 ] && ! running; then watched=0; fi
          sleep 1
        done
        if [ "$watched" = 1 ]; then
          kill "-$signal" -- "-$group"
          for ((i = 0; i < grace * 5; i++)); do running || break; sleep 0.2; done
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
