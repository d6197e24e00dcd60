using System.Diagnostics;

namespace PijarSemar.LocalServers.Tests;

/// <summary>A throw-away PostgreSQL and RabbitMQ under one directory, and what marks their processes.</summary>
internal sealed class ServerPair(string root, PostgresServer postgres, RabbitMqServer rabbitMq) : IAsyncDisposable
{
    public string Root => root;

    /// <summary>
    /// What every process of the pair carries in its command line, environment or working
    /// directory: supervisors, postmaster and backends, the broker's shell, beam, epmd.
    /// </summary>
    public IReadOnlyList<string> Markers => [root];

    public IEnumerable<string> DataDirectories => [postgres.DataDirectory, Path.Combine(root, "rabbitmq")];

    public static string NewRoot() => Path.Combine(Path.GetTempPath(), $"pijar-lst-{Guid.NewGuid():N}"[..22]);

    public static async Task<ServerPair> StartAsync(string root)
    {
        var postgres = await PostgresServer.StartAsync(new(Path.Combine(root, "postgres"), FreePort.Next())
        {
            Durable = false,
            DeleteDataOnStop = true,
        });
        try
        {
            var rabbitMq = await RabbitMqServer.StartAsync(new(Path.Combine(root, "rabbitmq"), FreePort.Next()) { DeleteDataOnStop = true });
            return new ServerPair(root, postgres, rabbitMq);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbitMq.DisposeAsync().AsTask());
    }

    /// <summary>Stops one server after the other, and says how long each took.</summary>
    public async Task<(TimeSpan Postgres, TimeSpan RabbitMq)> StopOneByOneAsync()
    {
        var postgresStop = Stopwatch.StartNew();
        await postgres.DisposeAsync();
        var rabbitMqStop = Stopwatch.StartNew();
        await rabbitMq.DisposeAsync();
        return (postgresStop.Elapsed - rabbitMqStop.Elapsed, rabbitMqStop.Elapsed);
    }
}
