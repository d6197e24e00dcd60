using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerHistoryTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Every_change_is_in_the_history_with_who_did_it_and_the_worker_before_and_after()
    {
        var alice = registry.ClientAs(Roles.Operator, subject: "alice");
        var bob = registry.ClientAs(Roles.Operator, subject: "bob");
        var worker = await alice.RegisterAsync(WorkerSamples.Valid());
        await bob.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, "seen in person"));

        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");

        Assert.Equal(["Registered", "Verified"], history!.Items.Select(e => e.Action));
        Assert.Equal(["alice", "bob"], history.Items.Select(e => e.Actor));
        Assert.Null(history.Items[0].Before);
        Assert.Equal("Registered", history.Items[1].Before!.Value.GetProperty("status").GetString());
        Assert.Equal("Verified", history.Items[1].After!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_rejected_change_leaves_no_history()
    {
        var client = registry.ClientAs(Roles.Operator);
        var worker = await client.RegisterAsync(WorkerSamples.Valid());
        await client.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", new DateOnly(2026, 1, 1), null));

        var history = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");

        Assert.Equal(["Registered"], history!.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task History_is_paginated()
    {
        var client = registry.ClientAs(Roles.Operator);
        var worker = await client.VerifiedAsync(WorkerSamples.Valid());

        var first = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history?limit=1");
        var second = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history?limit=1&cursor={first!.NextCursor}");

        Assert.Equal("Registered", Assert.Single(first.Items).Action);
        Assert.Equal("Verified", Assert.Single(second!.Items).Action);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task History_is_for_auditors_and_operators_only()
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(WorkerSamples.Valid());

        var response = await registry.ClientAs(Roles.Finance).GetAsync($"/api/v1/workers/{worker.Id}/history");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task History_of_an_unknown_worker_gets_404()
    {
        var response = await registry.ClientAs(Roles.Auditor).GetAsync($"/api/v1/workers/{Guid.NewGuid()}/history");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
