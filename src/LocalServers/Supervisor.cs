using System.Globalization;

namespace PijarSemar.LocalServers;

/// <summary>
/// The small shell every supervised process runs under. Its standard input is a lifeline: a pipe
/// whose write end only the owner holds, so it reads a line when the owner asks it to stop, and
/// end-of-file the moment the owner dies, however it dies (SIGKILL included). Either way it sends
/// the process group the stop signal (SIGKILL when asked to kill), kills it after the grace
/// period, reaps it, and runs the cleanup unless asked to keep the data or to kill. It exits
/// when the process does, with its exit code, so nothing is left behind: no polling watchdog, no
/// zombie, no stopped shell. Once the request is written the owner may die at any moment (a test
/// host is often killed while it exits) and the stop still completes.
/// </summary>
internal static class Supervisor
{
    public const string StopRequest = "stop";

    /// <summary>Asks for a stop without the cleanup, so the data stays for a restart.</summary>
    public const string KeepRequest = "keep";

    /// <summary>Asks for SIGKILL at once, without the grace period or the cleanup: a crash, as a test of recovery needs it.</summary>
    public const string KillRequest = "kill";

    // fd 3 keeps the lifeline, fd 4 the owner's stderr for the process; the shell's own job
    // notices go nowhere. With job control on (set -m) the process gets a process group of its
    // own (so one signal reaches everything it spawned) and SIGINT is not ignored as it is for
    // background jobs otherwise. Signals to the shell itself are ignored: only the lifeline or
    // the process's exit ends it, so it cannot die and orphan the process (what it starts after
    // that ignores them too, hence SIGKILL for the timer).
    private const string Script = """
        signal=$1 grace=$2 cleanup=$3
        shift 3
        exec 3<&0 </dev/null 4>&2 2>/dev/null
        set -m
        "$@" 2>&4 3<&- 4>&- &
        server=$!
        ( read -r request <&3 || exit 1; case "$request" in keep) exit 0 ;; kill) exit 2 ;; *) exit 1 ;; esac ) 4>&- &
        lifeline=$!
        exec 3<&- 4>&-
        trap '' TERM INT HUP
        wait -n -p ended "$server" "$lifeline"
        status=$?
        if [ "$ended" = "$server" ]; then
          kill -KILL "$lifeline"
          wait "$lifeline"
          kill -KILL -- "-$server"
          exit "$status"
        fi
        if [ "$status" = 2 ]; then
          # Killed at once, so no grace timer: the group may be gone before a timer could be waited on with it.
          kill -KILL -- "-$server"
          wait "$server"
          exit $?
        fi
        kill "-$signal" -- "-$server"
        sleep "$grace" &
        timer=$!
        wait -n -p ended "$server" "$timer"
        code=$?
        if [ "$ended" = "$timer" ]; then
          kill -KILL -- "-$server"
          wait "$server"
          code=$?
        else
          kill -KILL "$timer"
          wait "$timer"
        fi
        kill -KILL -- "-$server"
        if [ "$status" = 1 ]; then eval "$cleanup"; fi
        exit "$code"
        """;

    /// <summary>
    /// What to run (through <c>setsid</c>, so the supervisor leads a session of its own and a
    /// terminal's Ctrl+C reaches only the owner, which stops its children in order).
    /// </summary>
    public static IReadOnlyList<string> Arguments(SupervisedProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            "bash", "-c", Script, "pijar-supervisor",
            Posix.SignalNumber(options.StopSignal).ToString(CultureInfo.InvariantCulture),
            ((int)Math.Ceiling(options.StopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            string.Join("; ", options.Cleanup.Select(command => string.Join(' ', command.Select(Quote)))),
            options.FileName,
            .. options.Arguments,
        ];
    }

    private static string Quote(string argument) => $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
