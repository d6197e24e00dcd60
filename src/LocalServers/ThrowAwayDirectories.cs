using System.Globalization;

namespace PijarSemar.LocalServers;

/// <summary>
/// A throw-away server directory gets a sibling marker naming the owning process, so a later
/// start can delete the directories whose owner and supervisor both died before they could.
/// </summary>
internal static class ThrowAwayDirectories
{
    private const string MarkerSuffix = ".pijar-owner";

    public static void Claim(string directory)
    {
        var parent = Path.GetDirectoryName(directory) ?? throw new ArgumentException("A throw-away directory needs a parent.", nameof(directory));
        Directory.CreateDirectory(parent);
        SweepStale(parent);
        File.WriteAllText(Marker(directory), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public static void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        File.Delete(Marker(directory));
    }

    /// <summary>What the supervisor runs to delete the directory when the owner died.</summary>
    public static IReadOnlyList<string> DeleteCommand(string directory) => ["rm", "-rf", "--", directory, Marker(directory)];

    private static string Marker(string directory) => directory + MarkerSuffix;

    private static void SweepStale(string parent)
    {
        foreach (var marker in Directory.EnumerateFiles(parent, "*" + MarkerSuffix))
        {
            if (int.TryParse(ReadOrEmpty(marker), CultureInfo.InvariantCulture, out var owner) && !Posix.ProcessExists(owner))
            {
                try
                {
                    Delete(marker[..^MarkerSuffix.Length]);
                }
                catch (IOException)
                {
                    // Another starting server is sweeping the same directory.
                }
            }
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
