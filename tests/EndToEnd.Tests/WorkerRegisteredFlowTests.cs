using System.Net.Http.Json;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests;

public sealed class WorkerRegisteredFlowTests(RegistryAndFunding stack) : IClassFixture<RegistryAndFunding>
{
    [Fact]
    public async Task A_worker_registered_in_the_registry_reaches_fundings_read_model_through_rabbitmq()
    {
        IRegistryClient registry = new RegistryClient(stack.Registry.ClientAs(Roles.Operator));
        var funding = stack.Funding.ClientAs(Roles.Operator);

        var worker = await registry.RegisterWorkerAsync(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "buruh bangunan" });

        var status = await Eventually.ReturnsAsync(
            async () => await funding.GetAsync($"/api/v1/workers/{worker.Id}/funding-status") is { IsSuccessStatusCode: true } response
                ? await response.Content.ReadFromJsonAsync<WorkerFundingStatus>()
                : null,
            TimeSpan.FromSeconds(30),
            "WorkerRegistered to reach Funding");
        Assert.Equal("Registered", status.RegistryStatus);
        Assert.False(status.Fundable);
        // A P3KE worker's occupation outside the list is free text (occupationText), never a code.
        Assert.Equal("", status.OccupationCode);
        Assert.Equal(worker.Kecamatan, status.Kecamatan);
    }

    [Fact]
    public async Task The_typed_registry_client_reads_back_what_it_registered_and_null_for_an_unknown_id()
    {
        IRegistryClient registry = new RegistryClient(stack.Registry.ClientAs(Roles.Operator));

        var registered = await registry.RegisterWorkerAsync(WorkerSamples.Valid(sex: "Female"));

        Assert.Equal(registered, await registry.GetWorkerAsync(registered.Id));
        Assert.Null(await registry.GetWorkerAsync(Guid.NewGuid()));
    }
}
