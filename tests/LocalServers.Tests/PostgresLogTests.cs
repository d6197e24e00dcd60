using System.Collections.Concurrent;
using Npgsql;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.LocalServers.Tests;

public sealed class PostgresLogTests
{
    [Fact]
    public async Task A_unique_violation_is_logged_without_the_key_value_that_violated_it()
    {
        const string nik = "3374015505900001";
        var log = new ConcurrentQueue<string>();
        await using var postgres = await PostgresServer.StartAsync(new(ServerPair.NewRoot(), FreePort.Next())
        {
            Durable = false,
            DeleteDataOnStop = true,
            Output = log.Enqueue,
        });
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE workers (nik text PRIMARY KEY)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO workers (nik) VALUES (@nik)", connection);
            insert.Parameters.AddWithValue("nik", nik);
            var failed = await Record.ExceptionAsync(() => insert.ExecuteNonQueryAsync());
            Assert.Equal(attempt == 0, failed is null);
        }

        await Eventually.ReturnsAsync(
            () => Task.FromResult(log.Any(line => line.Contains("duplicate key value violates unique constraint", StringComparison.Ordinal)) ? "" : null),
            TimeSpan.FromSeconds(10),
            "the violation to reach the server's log");
        Assert.DoesNotContain(log, line => line.Contains(nik, StringComparison.Ordinal));
    }
}
