using System.Runtime.InteropServices;

namespace PijarSemar.LocalServers;

/// <summary>The libc calls .NET has no API for: signal numbers, probing a process id, the effective user.</summary>
internal static partial class Posix
{
    private const int NoSuchProcess = 3;

    public static bool IsRoot => geteuid() == 0;

    public static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => (int)signal,
    };

    public static bool ProcessExists(int processId) =>
        kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
