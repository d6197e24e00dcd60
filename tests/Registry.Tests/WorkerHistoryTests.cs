using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Registry.Tests.WorkerImports;
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
    public async Task An_imported_worker_shows_registered_by_the_import_at_its_row_by_the_uploader_with_the_worker_as_registered()
    {
        var uploader = registry.ClientAs(Roles.Operator, subject: "carol");
        var import = await uploader.ImportAsync(ImportCsv.Of([WorkerSamples.Valid(), WorkerSamples.Valid()]));
        var workerId = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE import_id = @id AND import_row = 3", ("id", import.Id));
        var registered = await uploader.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{workerId}");
        await registry.ClientAs(Roles.Operator, subject: "dave")
            .PostAsJsonAsync($"/api/v1/workers/{workerId}/verification", new VerificationRequest(true, null));

        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{workerId}/history");

        Assert.Equal(["Registered|carol", "Verified|dave"], history!.Items.Select(e => e.Action + "|" + e.Actor));
        var entry = history.Items[0];
        Assert.Equal((import.Id, 3, registered!.RegisteredAt), (entry.ImportId!.Value, entry.ImportRow!.Value, entry.At));
        Assert.Null(entry.Before);
        Assert.Equal(registered, entry.After!.Value.Deserialize<WorkerResponse>(System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal((null, null), (history.Items[1].ImportId, history.Items[1].ImportRow));
    }

    [Fact]
    public async Task The_history_of_an_imported_worker_is_paginated_from_its_import_entry_on()
    {
        var client = registry.ClientAs(Roles.Operator, subject: "erin");
        var import = await client.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var workerId = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE import_id = @id", ("id", import.Id));
        var unchanged = await client.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{workerId}");
        var onlyEntry = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{workerId}/history");
        await client.PostAsJsonAsync($"/api/v1/workers/{workerId}/verification", new VerificationRequest(true, null));

        var first = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{workerId}/history?limit=1");
        var second = await client.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{workerId}/history?limit=1&cursor={first!.NextCursor}");

        Assert.Equal(unchanged, Assert.Single(onlyEntry!.Items).After!.Value.Deserialize<WorkerResponse>(System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal(("Registered", import.Id), (Assert.Single(first.Items).Action, first.Items[0].ImportId!.Value));
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
