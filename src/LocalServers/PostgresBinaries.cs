namespace PijarSemar.LocalServers;

/// <summary>Where Debian's postgresql package puts the server programs: 15 if present, else the newest.</summary>
internal sealed record PostgresBinaries(string InitDb, string Postgres)
{
    private const string Root = "/usr/lib/postgresql";

    public static PostgresBinaries Locate()
    {
        var candidates = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var major) ? major : 0, Bin: Path.Combine(version, "bin")))
                .Where(candidate => File.Exists(Path.Combine(candidate.Bin, "initdb")) && File.Exists(Path.Combine(candidate.Bin, "postgres")))
                .OrderByDescending(candidate => candidate.Version == 15)
                .ThenByDescending(candidate => candidate.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw MissingBinariesException.For("the PostgreSQL server (initdb, postgres)", $"{Root}/15/bin");
        }
        return new PostgresBinaries(Path.Combine(candidates[0].Bin, "initdb"), Path.Combine(candidates[0].Bin, "postgres"));
    }
}
