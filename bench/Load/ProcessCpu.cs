using System.Globalization;

namespace PijarSemar.LoadBench;

/// <summary>
/// CPU time used so far, read from <c>/proc</c>: of one service of this run (its <c>dotnet</c>
/// process, told from other stacks' by the PostgreSQL port in its environment) and of this run's
/// PostgreSQL (the postmaster, its live backends, and the exited ones it has reaped). On a machine
/// shared with others, CPU per request says what a request costs, where the rate only says what share
/// of the cores the run got.
/// </summary>
internal static class ProcessCpu
{
    // The unit of /proc's times: USER_HZ, 100 on every Linux architecture's ABI.
    private const double TicksPerSecond = 100;

    public static TimeSpan Service(string assembly, int postgresPort)
    {
        var marker = $"Port={postgresPort.ToString(CultureInfo.InvariantCulture)};";
        // The dotnet process itself (dotnet <dll>), not the supervising shell whose command line names the dll too.
        var process = Processes().FirstOrDefault(p =>
            Read($"/proc/{p}/cmdline").Split('\0') is [var host, var dll, ..]
            && Path.GetFileName(host) == "dotnet" && Path.GetFileName(dll) == assembly
            && Read($"/proc/{p}/environ").Contains(marker, StringComparison.Ordinal));
        return process == 0 ? TimeSpan.Zero : Ticks(Stat(process) is { } s ? s.Own : 0);
    }

    public static TimeSpan Postgres(string dataDirectory)
    {
        var processes = Processes().Select(p => (Id: p, Stat: Stat(p))).Where(p => p.Stat is not null).ToList();
        var postmaster = processes.FirstOrDefault(p => Read($"/proc/{p.Id}/cmdline").Contains(dataDirectory, StringComparison.Ordinal)
            && Read($"/proc/{p.Id}/cmdline").StartsWith("/usr/lib/postgresql/", StringComparison.Ordinal));
        if (postmaster.Stat is not { } main)
        {
            return TimeSpan.Zero;
        }

        return Ticks(main.Own + main.Children + processes.Where(p => p.Stat!.Value.Parent == postmaster.Id).Sum(p => p.Stat!.Value.Own));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private static IEnumerable<int> Processes() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0);

    /// <summary>Fields 4 (parent), 14 + 15 (user + system) and 16 + 17 (reaped children's) of <c>/proc/pid/stat</c>, counted after the command's closing parenthesis.</summary>
    private static (int Parent, long Own, long Children)? Stat(int process)
    {
        var stat = Read($"/proc/{process}/stat");
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var f = stat[(end + 2)..].Split(' ');
        long At(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return (int.Parse(f[1], CultureInfo.InvariantCulture), At(11) + At(12), At(13) + At(14));
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile, or is someone else's.
            return "";
        }
    }
}
