using System.Globalization;

namespace PijarSemar.LocalServers.Tests;

internal sealed record ProcessEntry(int Id, char State, string CommandLine)
{
    public override string ToString() => $"{Id} {State} {CommandLine}";
}

/// <summary>
/// Reads /proc directly, so every process counts whatever its state: running, stopped (T) or a
/// zombie (Z), which has no command line left but still has an entry.
/// </summary>
internal static class ProcessTable
{
    /// <summary>The processes whose command line, environment or working directory mentions a marker.</summary>
    public static IReadOnlyList<ProcessEntry> Matching(IReadOnlyList<string> markers)
    {
        var found = new List<ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id == Environment.ProcessId)
            {
                continue;
            }
            var commandLine = Read(Path.Combine(directory, "cmdline"));
            var text = string.Join('\n', commandLine, Read(Path.Combine(directory, "environ")), WorkingDirectory(directory));
            if (markers.Any(marker => text.Contains(marker, StringComparison.Ordinal)))
            {
                found.Add(new ProcessEntry(id, State(id) ?? '?', commandLine));
            }
        }
        return found;
    }

    /// <summary>The state letter of a process (R, S, T, Z…), or null when there is no such process any more.</summary>
    public static char? State(int id)
    {
        var stat = Read($"/proc/{id}/stat");
        // "pid (comm) S …": the name may contain spaces and parentheses, the state follows the last ')'.
        var end = stat.LastIndexOf(')');
        return end < 0 || end + 2 >= stat.Length ? null : stat[end + 2];
    }

    /// <summary>Waits until none of the given processes exists in any state and nothing else matches the markers.</summary>
    public static async Task<IReadOnlyList<ProcessEntry>> LeftAfterAsync(
        IReadOnlyList<ProcessEntry> seen, IReadOnlyList<string> markers, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            IReadOnlyList<ProcessEntry> left =
            [
                .. seen.Where(p => State(p.Id) is not null).Select(p => p with { State = State(p.Id) ?? '?' }),
                .. Matching(markers).Where(p => seen.All(s => s.Id != p.Id)),
            ];
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }
            await Task.Delay(100);
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static string WorkingDirectory(string directory)
    {
        try
        {
            return new FileInfo(Path.Combine(directory, "cwd")).LinkTarget ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
