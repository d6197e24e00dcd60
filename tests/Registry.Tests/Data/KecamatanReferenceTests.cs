using Npgsql;
using NpgsqlTypes;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Data;

/// <summary>
/// The database's own guarantee that a worker's kecamatan is one of the kecamatan table
/// (migration 0012): what the foreign key guaranteed, checked once per statement. The API refuses
/// an unknown kecamatan before it reaches the database; these write past the API.
/// </summary>
public sealed class KecamatanReferenceTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string ForeignKeyViolation = "23503";

    [Fact]
    public async Task A_worker_inserted_with_a_kecamatan_that_is_not_in_the_table_is_refused()
    {
        var nik = UniqueNik();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertWorkerAsync(nik, "Atlantis"));

        Assert.Equal((ForeignKeyViolation, "workers_kecamatan_fkey"), (refused.SqlState, refused.ConstraintName));
        Assert.Contains("'Atlantis'", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(0L, await CountWorkersAsync(nik));
    }

    [Fact]
    public async Task A_copy_with_one_unknown_kecamatan_among_known_ones_writes_none_of_its_rows()
    {
        string[] niks = [UniqueNik(), UniqueNik(), UniqueNik()];
        await using var connection = await OpenAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var copy = await connection.BeginBinaryImportAsync("""
                COPY workers (id, nik, full_name, birth_date, sex, kecamatan, p3ke_listed, status, registered_at, updated_at, version)
                FROM STDIN (FORMAT BINARY)
                """);
            foreach (var (nik, kecamatan) in niks.Zip(["Tugu", "Atlantis", "Banyumanik"]))
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(nik, NpgsqlDbType.Text);
                await copy.WriteAsync("Siti Aminah", NpgsqlDbType.Text);
                await copy.WriteAsync(new DateOnly(1980, 1, 1), NpgsqlDbType.Date);
                await copy.WriteAsync("Female", NpgsqlDbType.Text);
                await copy.WriteAsync(kecamatan, NpgsqlDbType.Text);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync("Registered", NpgsqlDbType.Text);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        });

        Assert.Equal(ForeignKeyViolation, refused.SqlState);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(registry.ConnectionString, "SELECT count(*) FROM workers WHERE nik = ANY(@niks)", ("niks", niks)));
    }

    [Fact]
    public async Task Moving_a_worker_to_an_unknown_kecamatan_is_refused_while_other_changes_to_it_are_not()
    {
        var nik = UniqueNik();
        await InsertWorkerAsync(nik, "Tugu");

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.ExecuteAsync(registry.ConnectionString, $"UPDATE workers SET kecamatan = 'Atlantis' WHERE nik = '{nik}'"));
        await Sql.ExecuteAsync(registry.ConnectionString, $"UPDATE workers SET kecamatan = 'Pedurungan', status_note = 'moved' WHERE nik = '{nik}'");

        Assert.Equal(ForeignKeyViolation, refused.SqlState);
        Assert.Equal("Pedurungan", await Sql.ScalarAsync<string>(registry.ConnectionString, $"SELECT kecamatan FROM workers WHERE nik = '{nik}'"));
    }

    [Theory]
    [InlineData("DELETE FROM kecamatan WHERE name = 'Gayamsari'")]
    [InlineData("UPDATE kecamatan SET name = 'Gayam Sari' WHERE name = 'Gayamsari'")]
    [InlineData("TRUNCATE kecamatan")]
    public async Task A_kecamatan_that_a_worker_names_cannot_be_deleted_renamed_or_truncated(string change)
    {
        await InsertWorkerAsync(UniqueNik(), "Gayamsari");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(registry.ConnectionString, change));

        Assert.Equal((ForeignKeyViolation, "workers_kecamatan_fkey"), (refused.SqlState, refused.ConstraintName));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(registry.ConnectionString, "SELECT count(*) FROM kecamatan WHERE name = 'Gayamsari'"));
    }

    [Fact]
    public async Task A_kecamatan_that_no_worker_names_can_be_renamed_and_deleted()
    {
        await Sql.ExecuteAsync(registry.ConnectionString, "INSERT INTO kecamatan (code, name) VALUES ('33.74.91', 'Unnamed One')");

        await Sql.ExecuteAsync(registry.ConnectionString, "UPDATE kecamatan SET name = 'Unnamed Two' WHERE code = '33.74.91'");
        await Sql.ExecuteAsync(registry.ConnectionString, "DELETE FROM kecamatan WHERE code = '33.74.91'");

        Assert.Equal(0L, await Sql.ScalarAsync<long>(registry.ConnectionString, "SELECT count(*) FROM kecamatan WHERE code = '33.74.91'"));
    }

    [Fact]
    public async Task A_kecamatan_cannot_be_deleted_while_a_worker_naming_it_is_not_committed_yet()
    {
        await Sql.ExecuteAsync(registry.ConnectionString, "INSERT INTO kecamatan (code, name) VALUES ('33.74.92', 'Pending One')");
        var nik = UniqueNik();
        await using var inserting = await OpenAsync();
        await using var transaction = await inserting.BeginTransactionAsync();
        await InsertWorkerAsync(nik, "Pending One", inserting, transaction);

        // The worker's statement holds the kecamatan FOR KEY SHARE, so the deletion waits for it and then sees it.
        var deleting = Sql.ExecuteAsync(registry.ConnectionString, "DELETE FROM kecamatan WHERE code = '33.74.92'");
        await Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0 ? "waiting" : null,
            TimeSpan.FromSeconds(30),
            "the deletion waiting for the uncommitted worker");
        await transaction.CommitAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => deleting);
        Assert.Equal(ForeignKeyViolation, refused.SqlState);
        Assert.Equal(1L, await CountWorkersAsync(nik));
    }

    private Task<long> CountWorkersAsync(string nik) =>
        Sql.ScalarAsync<long>(registry.ConnectionString, "SELECT count(*) FROM workers WHERE nik = @nik", ("nik", nik));

    private async Task InsertWorkerAsync(string nik, string kecamatan, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        await using var own = connection is null ? await OpenAsync() : null;
        await using var insert = new NpgsqlCommand("""
            INSERT INTO workers (id, nik, full_name, birth_date, sex, kecamatan, p3ke_listed, status, registered_at, updated_at, version)
            VALUES (@id, @nik, 'Siti Aminah', DATE '1980-01-01', 'Female', @kecamatan, false, 'Registered', now(), now(), 1)
            """, connection ?? own, transaction);
        insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("nik", nik);
        insert.Parameters.AddWithValue("kecamatan", kecamatan);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static string UniqueNik() => $"33740141{Random.Shared.Next(0, 100_000_000):00000000}";
}
