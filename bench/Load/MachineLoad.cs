using System.Globalization;

namespace PijarSemar.LoadBench;

/// <summary>The 1, 5 and 15 minute load averages, as <c>uptime</c> shows them: how much else ran beside the benchmark.</summary>
internal static class MachineLoad
{
    public static string Now() =>
        File.Exists("/proc/loadavg")
            ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";
}
