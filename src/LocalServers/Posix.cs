using System.Runtime.InteropServices;

namespace PijarSemar.LocalServers;

/// <summary>The libc calls .NET has no API for: sending signals other than SIGKILL, to whole process groups.</summary>
internal static partial class Posix
{
    public const int SigKill = 9;

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

    /// <summary>Signals every process of a group; false once the group is empty.</summary>
    public static bool SignalGroup(int processGroupId, int signal) => kill(-processGroupId, signal) == 0;

    public static bool ProcessExists(int processId) =>
        kill(processId, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
