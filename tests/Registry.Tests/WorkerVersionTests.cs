using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using PijarSemar.Registry.Tests.Lifecycle;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerVersionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    // The worker is registered today, and nothing about them takes effect before their registration.
    private static DateOnly Today => LifecycleApi.SemarangToday;

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task Every_change_increments_the_workers_version_and_each_event_carries_the_version_it_produced()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("Duplicate", Today, null));
        await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Not a duplicate: twins"));

        Assert.Equal("1,2,3,4", await registry.ScalarAsync<string>(
            "SELECT string_agg(payload->>'version', ',' ORDER BY position) FROM outbox_messages WHERE payload->>'workerId' = @id",
            ("id", worker.Id.ToString())));
        Assert.Equal(4L, await registry.ScalarAsync<long>("SELECT version FROM workers WHERE id = @id", ("id", worker.Id)));
    }

    [Fact]
    public async Task An_imported_worker_is_at_version_1_and_so_is_its_event()
    {
        var import = await _operator.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));

        var workerId = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE import_id = @id", ("id", import.Id));
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT version FROM workers WHERE id = @id", ("id", workerId)));
        Assert.Equal("1", await registry.ScalarAsync<string>(
            "SELECT w->>'version' FROM outbox_messages o CROSS JOIN jsonb_array_elements(o.payload->'workers') AS w WHERE w->>'workerId' = @id",
            ("id", workerId.ToString())));
    }
}
