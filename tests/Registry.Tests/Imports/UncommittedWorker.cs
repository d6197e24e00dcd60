using Npgsql;
using PijarSemar.Contracts.Registry;
using PijarSemar.TestSupport;

namespace PijarSemar.Registry.Tests.WorkerImports;

/// <summary>
/// A worker row inserted and not committed yet, without a name lock, like a registration racing
/// an import: an import that meets its NIK waits for it in its COPY until it commits.
/// </summary>
internal sealed class UncommittedWorker : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private UncommittedWorker(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        _connection = connection;
        _transaction = transaction;
        Id = id;
    }

    public Guid Id { get; }

    public static async Task<UncommittedWorker> InsertAsync(string connectionString, RegisterWorkerRequest worker)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        var id = Guid.CreateVersion7();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO workers (id, nik, full_name, birth_date, sex, kecamatan, occupation_code, p3ke_listed, status, registered_at, updated_at, version)
            VALUES (@id, @nik, @name, @born, 'Male', 'Semarang Tengah', 'tukang-becak', false, 'Registered', now(), now(), 1)
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("nik", worker.Nik!);
        insert.Parameters.AddWithValue("name", worker.FullName!);
        insert.Parameters.AddWithValue("born", worker.BirthDate!.Value);
        await insert.ExecuteNonQueryAsync();
        return new UncommittedWorker(connection, transaction, id);
    }

    /// <summary>Returns once a statement of the service's database waits on a lock: the import, on this row.</summary>
    public static Task UntilSomethingWaitsAsync(RegistryFixture registry, string what) =>
        Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0 ? "waiting" : null,
            TimeSpan.FromSeconds(30),
            what);

    public Task CommitAsync() => _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
