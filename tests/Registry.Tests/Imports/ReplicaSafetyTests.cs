using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

/// <summary>
/// Two Registry replicas on one database and one set of queues, as Kubernetes runs them: imports
/// uploaded to either are each processed once, by one replica, with each worker in one batch event.
/// </summary>
public sealed class ReplicaSafetyTests(RegistryFixture registry) : IClassFixture<RegistryFixture>, IAsyncLifetime
{
    private ServiceFactory<Program>? _second;

    private ServiceFactory<Program> Second => _second ?? throw new InvalidOperationException("The second replica has not started.");

    /// <summary>The second replica: the fixture's settings, and a quick poll, so its runner looks for queued imports while the first works.</summary>
    public async Task InitializeAsync()
    {
        _second = await registry.StartReplicaAsync(("Registry:Imports:PollInterval", "00:00:00.100"));
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Imports_uploaded_to_both_replicas_at_once_are_each_processed_once_with_one_worker_per_row_in_one_batch_event()
    {
        var clients = new[] { registry.ClientAs(Roles.Operator), Second.ClientAs(Roles.Operator) };
        var files = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 25).Select(_ => WorkerSamples.Valid()).ToList()).ToList();

        var imports = await Task.WhenAll(files.Select((workers, i) => clients[i % 2].ImportAsync(ImportCsv.Of(workers))));

        Assert.All(imports, import => Assert.Equal((WorkerImportStatus.Completed, 25, 0), (import.Status, import.Accepted!.Value, import.Rejected!.Value)));
        foreach (var import in imports)
        {
            // Both runners saw every import queued; one attempt each means no import was started twice.
            Assert.Equal(1, await registry.ScalarAsync<int>("SELECT attempts FROM worker_imports WHERE id = @id", ("id", import.Id)));
        }

        var niks = files.SelectMany(workers => workers.Select(worker => worker.Nik)).ToArray();
        Assert.Equal(100L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = ANY(@niks)", ("niks", niks)));
        // Each worker in exactly one batch event of exactly one import.
        Assert.Equal(100L, await registry.ScalarAsync<long>("""
            SELECT count(*) FROM outbox_messages o
            CROSS JOIN LATERAL jsonb_array_elements(o.payload->'workers') AS e(worker)
            JOIN workers w ON e.worker->>'workerId' = w.id::text
            WHERE o.message_type LIKE '%WorkersImported%' AND w.nik = ANY(@niks)
            """, ("niks", niks)));
        Assert.Equal(4L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%WorkersImported%' AND (payload->>'importId')::uuid = ANY(@ids)",
            ("ids", imports.Select(i => i.Id).ToArray())));
    }
}
