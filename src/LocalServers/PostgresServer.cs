using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace PijarSemar.LocalServers;

/// <summary>A real PostgreSQL server run from the local binaries, listening on 127.0.0.1 only.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly PostgresServerOptions options;
    private readonly string dataDirectory;
    private readonly SupervisedProcess process;

    private PostgresServer(PostgresServerOptions options, string dataDirectory, SupervisedProcess process)
    {
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.process = process;
    }

    public int Port => options.Port;

    public string DataDirectory => dataDirectory;

    /// <summary>Completes when the server process exits, whether stopped or crashed.</summary>
    public Task<int> Exited => process.Exited;

    public IReadOnlyList<string> RecentOutput => process.RecentOutput;

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Throws <see cref="MissingBinariesException"/> when PostgreSQL is not installed.</summary>
    public static void EnsureInstalled() => PostgresBinaries.Locate();

    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var binaries = PostgresBinaries.Locate();
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        if (options.DeleteDataOnStop)
        {
            ThrowAwayDirectories.Claim(dataDirectory);
        }
        try
        {
            await PostgresDataDirectory.PrepareAsync(binaries, dataDirectory, options.Durable, ct);
        }
        catch when (options.DeleteDataOnStop)
        {
            ThrowAwayDirectories.Delete(dataDirectory);
            throw;
        }

        var (fileName, arguments) = PostgresUser.Command(binaries.Postgres, ServerArguments(options, dataDirectory));
        var server = new PostgresServer(options, dataDirectory, SupervisedProcess.Start(new(fileName, arguments)
        {
            WorkingDirectory = dataDirectory,
            Output = options.Output,
            StopSignal = PosixSignal.SIGINT,
            StopTimeout = StopTimeout,
            Cleanup = options.DeleteDataOnStop ? [ThrowAwayDirectories.DeleteCommand(dataDirectory)] : [],
        }));
        try
        {
            await server.WaitUntilReadyAsync(ct);
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Fast shutdown (open sessions are ended); the data directory is deleted if the options ask for it.</summary>
    public async Task StopAsync()
    {
        await process.StopAsync();
        if (options.DeleteDataOnStop)
        {
            ThrowAwayDirectories.Delete(dataDirectory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await process.DisposeAsync();
    }

    private static List<string> ServerArguments(PostgresServerOptions options, string dataDirectory)
    {
        // No Unix socket: clients use TCP, and socket paths have length and permission limits.
        List<string> arguments = ["-D", dataDirectory, "-p", options.Port.ToString(CultureInfo.InvariantCulture), "-k", string.Empty, "-c", "listen_addresses=127.0.0.1"];
        var settings = new Dictionary<string, string>(options.Settings);
        // A constraint violation's DETAIL quotes the offending key (a NIK, a NIP): the log keeps the error, never the personal data.
        settings.TryAdd("log_error_verbosity", "terse");
        if (!options.Durable)
        {
            settings.TryAdd("fsync", "off");
            settings.TryAdd("synchronous_commit", "off");
            settings.TryAdd("full_page_writes", "off");
        }
        foreach (var (name, value) in settings)
        {
            arguments.AddRange(["-c", $"{name}={value}"]);
        }
        return arguments;
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false, Timeout = 2 }.ConnectionString;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                throw ServerStartException.WithOutput(
                    $"PostgreSQL on port {Port} exited with code {await process.Exited} while starting.", process.RecentOutput);
            }
            if (PostgresDataDirectory.ReportsReady(dataDirectory))
            {
                try
                {
                    await using var connection = new NpgsqlConnection(probe);
                    await connection.OpenAsync(ct);
                    return;
                }
                catch (NpgsqlException) when (waited.Elapsed < StartTimeout)
                {
                    // Ready, but not reachable over TCP yet.
                }
            }
            if (waited.Elapsed > StartTimeout)
            {
                throw ServerStartException.WithOutput(
                    $"PostgreSQL on port {Port} was not ready after {StartTimeout.TotalSeconds:0} s.", process.RecentOutput);
            }
            await Task.Delay(20, ct);
        }
    }
}
