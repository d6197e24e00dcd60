using PijarSemar.LocalServers;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>
/// A PostgreSQL server of the test's own, which it stops and starts again on the same port and data,
/// as an operator restarting the database would; the shared test server is never touched.
/// </summary>
public sealed class RestartablePostgres : IAsyncDisposable
{
    private readonly PostgresServerOptions _options;
    private PostgresServer? _server;

    private RestartablePostgres(PostgresServerOptions options, PostgresServer server)
    {
        _options = options;
        _server = server;
        Admin = server.ConnectionString();
    }

    /// <summary>A superuser connection string to its <c>postgres</c> database.</summary>
    public string Admin { get; }

    public static async Task<RestartablePostgres> StartAsync()
    {
        // Its data must outlive a stop, so it is deleted by DisposeAsync rather than by the server.
        var directory = Path.Combine(Path.GetTempPath(), $"pijar-test-{Environment.ProcessId}-pgrestart-{Guid.NewGuid():N}");
        var options = new PostgresServerOptions(directory, FreePort.Next()) { Durable = false };
        return new RestartablePostgres(options, await PostgresServer.StartAsync(options));
    }

    /// <summary>A fast shutdown: open sessions are ended, as in a restart for maintenance.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    public async Task StartAgainAsync() => _server = await PostgresServer.StartAsync(_options);

    public async Task EnsureRunningAsync()
    {
        if (_server is null)
        {
            await StartAgainAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_options.DataDirectory))
        {
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
    }
}
