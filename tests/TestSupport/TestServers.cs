using PijarSemar.LocalServers;

namespace PijarSemar.TestSupport;

/// <summary>
/// One real PostgreSQL and one real RabbitMQ per test run, started on first use from the local
/// binaries (or taken from <c>PIJAR_TEST_POSTGRES</c> / <c>PIJAR_TEST_RABBITMQ</c>), stopped when
/// the test process exits. If the process is killed, each server's supervisor stops it.
/// </summary>
public static class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _postgres;
    private static RabbitMqServer? _rabbitMq;
    private static string? _postgresConnection;
    private static string? _rabbitMqConnection;
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> PostgresLines = new();

    static TestServers() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    /// <summary>
    /// Every line the throw-away PostgreSQL has written so far (its log goes to its output), for
    /// tests that check what reached it; empty when <c>PIJAR_TEST_POSTGRES</c> names another server.
    /// </summary>
    public static IReadOnlyList<string> PostgresLog => [.. PostgresLines];

    /// <summary>A superuser connection string to the <c>postgres</c> database of the test server.</summary>
    public static async Task<string> PostgresAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_postgresConnection is null)
            {
                _postgresConnection = Environment.GetEnvironmentVariable("PIJAR_TEST_POSTGRES");
                if (string.IsNullOrWhiteSpace(_postgresConnection))
                {
                    _postgres = await PostgresServer.StartAsync(new PostgresServerOptions(ThrowAwayDirectory("postgres"), FreePort.Next())
                    {
                        Durable = false,
                        DeleteDataOnStop = true,
                        Output = PostgresLines.Enqueue,
                    });
                    _postgresConnection = _postgres.ConnectionString();
                }
            }

            return _postgresConnection;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>An amqp:// URI of the test broker.</summary>
    public static async Task<string> RabbitMqAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_rabbitMqConnection is null)
            {
                _rabbitMqConnection = Environment.GetEnvironmentVariable("PIJAR_TEST_RABBITMQ");
                if (string.IsNullOrWhiteSpace(_rabbitMqConnection))
                {
                    _rabbitMq = await StartPrivateRabbitMqAsync();
                    _rabbitMqConnection = _rabbitMq.ConnectionString;
                }
            }

            return _rabbitMqConnection;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A broker of the test's own, for a test that stops and restarts it. The caller disposes it.</summary>
    public static Task<RabbitMqServer> StartPrivateRabbitMqAsync() =>
        RabbitMqServer.StartAsync(new RabbitMqServerOptions(ThrowAwayDirectory("rabbitmq"), FreePort.Next())
        {
            DeleteDataOnStop = true,
        });

    private static string ThrowAwayDirectory(string server) =>
        Path.Combine(Path.GetTempPath(), $"pijar-test-{Environment.ProcessId}-{server}-{Guid.NewGuid():N}"[..48]);

    private static void StopAll()
    {
        // ProcessExit gives a few seconds at most: stop both servers at once.
        var stops = new List<Task>();
        if (_postgres is not null)
        {
            stops.Add(_postgres.StopAsync());
        }

        if (_rabbitMq is not null)
        {
            stops.Add(_rabbitMq.StopAsync());
        }

        Task.WaitAll([.. stops], TimeSpan.FromSeconds(20));
    }
}
