using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerLookupTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_batch_lookup_returns_nik_and_name_of_known_ids_and_is_audited_once()
    {
        IRegistryClient operatorClient = new RegistryClient(registry.ClientAs(Roles.Operator));
        var first = await operatorClient.RegisterWorkerAsync(WorkerSamples.Valid());
        var second = await operatorClient.RegisterWorkerAsync(WorkerSamples.Valid(sex: "Female"));
        IRegistryClient finance = new RegistryClient(registry.ClientAs(Roles.Finance, "finance-officer-7"));

        var found = await finance.LookupWorkersAsync([first.Id, second.Id, Guid.CreateVersion7()]);

        Assert.Equal(
            new[] { new WorkerIdentity(first.Id, first.Nik, first.FullName), new WorkerIdentity(second.Id, second.Nik, second.FullName) }.OrderBy(w => w.Id),
            found);
        Assert.Equal(1, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_type = 'worker-lookup' AND actor = 'finance-officer-7'"));
    }

    [Fact]
    public async Task More_than_500_ids_or_none_is_400_naming_ids()
    {
        var client = registry.ClientAs(Roles.BpjsIntegration);

        var tooMany = await client.PostAsJsonAsync("/api/v1/workers/lookup", new WorkerLookupRequest([.. Enumerable.Range(0, 501).Select(_ => Guid.NewGuid())]));
        var none = await client.PostAsJsonAsync("/api/v1/workers/lookup", new WorkerLookupRequest([]));

        foreach (var response in new[] { tooMany, none })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
            Assert.Contains("ids", problem!.Errors.Keys);
        }
    }

    [Fact]
    public async Task An_operator_or_a_sponsor_cannot_look_up_identities()
    {
        var request = new WorkerLookupRequest([Guid.NewGuid()]);

        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.Operator).PostAsJsonAsync("/api/v1/workers/lookup", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.Sponsor).PostAsJsonAsync("/api/v1/workers/lookup", request)).StatusCode);
    }
}
