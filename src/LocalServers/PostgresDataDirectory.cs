namespace PijarSemar.LocalServers;

/// <summary>Creates the data directory on first use and clears what a killed server left behind.</summary>
internal static class PostgresDataDirectory
{
    private const string LockFileName = "postmaster.pid";
    private const int StatusLine = 7;

    public static async Task PrepareAsync(PostgresBinaries binaries, string dataDirectory, bool durable, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        if (Posix.IsRoot)
        {
            await RunAsync("chown", ["-R", $"{PostgresUser.Name}:{PostgresUser.Name}", dataDirectory], "Giving the data directory to the postgres user failed.", ct);
        }
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(binaries, dataDirectory, durable, ct);
        }
        RemoveStaleLockFile(dataDirectory);
    }

    private static async Task InitializeAsync(PostgresBinaries binaries, string dataDirectory, bool durable, CancellationToken ct)
    {
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new ServerStartException(
                $"{dataDirectory} is neither empty nor a PostgreSQL data directory; delete it or choose another one.");
        }
        List<string> arguments = ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (!durable)
        {
            arguments.Add("--no-sync");
        }
        var (fileName, initDbArguments) = PostgresUser.Command(binaries.InitDb, arguments);
        await RunAsync(fileName, initDbArguments, $"initdb failed for {dataDirectory}.", ct);
    }

    /// <summary>
    /// Whether the server says it accepts connections, read where pg_ctl reads it: probing with a
    /// connection instead would log a FATAL "the database system is starting up" on every start.
    /// </summary>
    public static bool ReportsReady(string dataDirectory)
    {
        try
        {
            return File.ReadLines(Path.Combine(dataDirectory, LockFileName)).ElementAtOrDefault(StatusLine)?.Trim() == "ready";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// A killed server leaves postmaster.pid behind. The server itself refuses to start when the
    /// pid in it belongs to any live process, and in containers pids are reused soon.
    /// </summary>
    private static void RemoveStaleLockFile(string dataDirectory)
    {
        var lockFile = Path.Combine(dataDirectory, LockFileName);
        if (!File.Exists(lockFile))
        {
            return;
        }
        if (int.TryParse(File.ReadLines(lockFile).FirstOrDefault(), out var pid) && IsPostgres(pid))
        {
            throw new ServerStartException(
                $"PostgreSQL (pid {pid}) is already running on {dataDirectory}; stop it, or the AppHost that started it, first.");
        }
        File.Delete(lockFile);
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, string failure, CancellationToken ct)
    {
        var result = await Command.RunAsync(fileName, arguments, ct);
        if (!result.Succeeded)
        {
            throw ServerStartException.WithOutput(failure, result.Output.Split('\n'));
        }
    }
}
