using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class QuickRunnerFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Imports:PollInterval"] = "00:00:00.200",
    ["Registry:Imports:MaxAttempts"] = "2",
    ["Registry:Imports:ProgressEveryRows"] = "1",
});

public sealed class ImportRunnerTests(QuickRunnerFixture registry) : IClassFixture<QuickRunnerFixture>
{
    [Fact]
    public async Task An_import_left_running_by_a_stopped_instance_waits_while_another_runner_holds_it_and_is_then_resumed()
    {
        var client = registry.ClientAs(Roles.Operator);
        var import = await client.ImportAsync(ImportCsv.Of([WorkerSamples.Valid(), WorkerSamples.Valid()]));
        await using var otherRunner = new NpgsqlConnection(registry.ConnectionString);
        await otherRunner.OpenAsync();
        await ExecuteAsync(otherRunner, "SELECT pg_advisory_lock(33740003, hashtext(@id::text))", import.Id);

        // What a crash mid-import leaves: the import Running, and nothing of it committed.
        await ExecuteAsync(otherRunner, """
            DELETE FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id;
            DELETE FROM outbox_messages WHERE payload->>'importId' = @id::text;
            DELETE FROM workers WHERE import_id = @id;
            DELETE FROM worker_import_rejections WHERE import_id = @id;
            UPDATE worker_imports SET status = 'Running', accepted = NULL, rejected = NULL, completed_at = NULL WHERE id = @id;
            """, import.Id);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var whileHeld = await StatusAsync(import.Id);
        await ExecuteAsync(otherRunner, "SELECT pg_advisory_unlock(33740003, hashtext(@id::text))", import.Id);

        var resumed = await client.FinishedAsync(import.Id);

        Assert.Equal(("Running", 1), whileHeld);
        Assert.Equal((WorkerImportStatus.Completed, 2), (resumed.Status, resumed.Accepted!.Value));
        Assert.Equal(("Completed", 2), await StatusAsync(import.Id));
        Assert.Equal(2L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE import_id = @id", ("id", import.Id)));
        Assert.Equal(2L, await registry.ScalarAsync<long>("""
            SELECT count(*) FROM outbox_messages o CROSS JOIN jsonb_array_elements(o.payload->'workers') AS w
            WHERE o.payload->>'importId' = @id::text AND (w->>'workerId')::uuid IN (SELECT id FROM workers WHERE import_id = @id)
            """, ("id", import.Id)));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id", ("id", import.Id)));
    }

    [Fact]
    public async Task Progress_is_visible_while_the_import_transaction_is_still_open_and_counts_come_at_the_commit()
    {
        var client = registry.ClientAs(Roles.Operator);
        var contested = WorkerSamples.Valid();
        await using var rival = new NpgsqlConnection(registry.ConnectionString);
        await rival.OpenAsync();
        await using var transaction = await rival.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO workers (id, nik, full_name, birth_date, sex, kecamatan, occupation_code, p3ke_listed, status, registered_at, updated_at, version)
            VALUES (gen_random_uuid(), @nik, 'Siti Rahayu', '1980-01-01', 'Male', 'Tugu', 'nelayan', false, 'Registered', now(), now(), 1)
            """, rival, transaction))
        {
            insert.Parameters.AddWithValue("nik", contested.Nik!);
            await insert.ExecuteNonQueryAsync();
        }

        var upload = await client.UploadAsync(ImportCsv.Of([WorkerSamples.Valid(), WorkerSamples.Valid(), contested]));
        var importId = (await upload.Content.ReadFromJsonAsync<WorkerImportAccepted>(ImportApi.Json))!.Id;
        var blocked = await Eventually.ReturnsAsync(
            async () => await client.GetFromJsonAsync<WorkerImportResponse>($"{ImportApi.Path}/{importId}", ImportApi.Json)
                is { Status: WorkerImportStatus.Running, RowsDone: 3 } running ? running : null,
            TimeSpan.FromSeconds(30),
            "the import to report its rows while it waits on the uncommitted registration");
        await transaction.RollbackAsync();

        var finished = await client.FinishedAsync(importId);

        Assert.Equal((3, null, null, null), (blocked.TotalRows, blocked.Accepted, blocked.Rejected, blocked.CompletedAt));
        Assert.Equal((3, 3, 0), (finished.RowsDone, finished.Accepted!.Value, finished.Rejected!.Value));
    }

    [Fact]
    public async Task An_import_that_fails_part_way_commits_nothing_is_retried_and_is_marked_failed_after_the_last_attempt()
    {
        var client = registry.ClientAs(Roles.Operator, "crash-test");
        await using (var connection = new NpgsqlConnection(registry.ConnectionString))
        {
            await connection.OpenAsync();

            // The last of the import's statements to write fails: everything before it must roll back.
            await ExecuteAsync(connection, """
                CREATE FUNCTION refuse_crash_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$;
                CREATE TRIGGER refuse_crash_test BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.actor = 'crash-test') EXECUTE FUNCTION refuse_crash_test();
                """, Guid.Empty);
        }

        var workers = new[] { WorkerSamples.Valid(), WorkerSamples.Valid() };
        var failed = await client.ImportAsync(ImportCsv.Of(workers));

        Assert.Equal(WorkerImportStatus.Failed, failed.Status);
        Assert.Equal("Failed 2 times; see the service log for import " + failed.Id + ".", failed.Failure);
        Assert.Null(failed.Accepted);
        Assert.Equal(("Failed", 2), await StatusAsync(failed.Id));
        Assert.Equal(0L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM workers WHERE nik = ANY(@niks)", ("niks", workers.Select(w => w.Nik!).ToArray())));
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM worker_import_rejections WHERE import_id = @id", ("id", failed.Id)));
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE actor = 'crash-test'"));
    }

    private async Task<(string Status, int Attempts)> StatusAsync(Guid importId)
    {
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, attempts FROM worker_imports WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", importId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt32(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, Guid importId)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", importId);
        await command.ExecuteNonQueryAsync();
    }
}
