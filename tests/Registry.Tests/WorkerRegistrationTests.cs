using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerRegistrationTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task Registering_a_worker_returns_201_and_the_worker_can_be_read_back()
    {
        var request = WorkerSamples.Valid();

        var response = await _operator.PostAsJsonAsync("/api/v1/workers", request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<WorkerResponse>();
        Assert.Equal($"/api/v1/workers/{created!.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Registered", created.Status);
        Assert.Equal("+6281234567890", created.Phone);

        var read = await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{created.Id}");
        Assert.Equal(request.Nik, read!.Nik);
        Assert.Equal(request.BirthDate, read.BirthDate);
    }

    [Fact]
    public async Task Registering_the_same_nik_twice_returns_409_naming_the_existing_worker_and_writes_nothing()
    {
        var request = WorkerSamples.Valid();
        var first = await (await _operator.PostAsJsonAsync("/api/v1/workers", request)).Content.ReadFromJsonAsync<WorkerResponse>();
        var rowsBefore = await CountRowsAsync();

        var second = await _operator.PostAsJsonAsync("/api/v1/workers", request with { FullName = "Someone Else" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first!.Id, problem.GetProperty("existingWorkerId").GetGuid());
        Assert.Equal(rowsBefore, await CountRowsAsync());
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_nik_create_exactly_one_worker()
    {
        var request = WorkerSamples.Valid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _operator.PostAsJsonAsync("/api/v1/workers", request)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", request.Nik!)));
    }

    [Fact]
    public async Task Registering_puts_a_worker_registered_event_in_the_outbox_and_the_dispatcher_publishes_it()
    {
        // A subscriber, as Funding is: the outbox publishes with mandatory, so an event no queue is bound for stays unpublished.
        // Every test registering a worker on the shared broker reaches this subscriber too: keep all, look for ours.
        var received = new System.Collections.Concurrent.ConcurrentDictionary<Guid, bool>();
        var subscriber = registry.Factory.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint(
            $"registry-test-subscriber-{Guid.NewGuid():N}", endpoint => endpoint.Handler<WorkerRegistered>(context =>
            {
                received[context.Message.WorkerId] = true;
                return Task.CompletedTask;
            }));
        await subscriber.Ready;

        var created = await (await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid()))
            .Content.ReadFromJsonAsync<WorkerResponse>();

        var published = await Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<object>(
                "SELECT coalesce((SELECT published_at::text FROM outbox_messages WHERE payload->>'workerId' = @id), '')",
                ("id", created!.Id.ToString())) is string s && s.Length > 0 ? s : null,
            TimeSpan.FromSeconds(20),
            "the WorkerRegistered row to be published");
        Assert.NotEmpty(published);
        await Eventually.ReturnsAsync(
            () => Task.FromResult(received.ContainsKey(created!.Id) ? "received" : null), TimeSpan.FromSeconds(20), "our WorkerRegistered at the subscriber");
        await subscriber.StopAsync();
    }

    [Fact]
    public async Task A_call_without_a_token_gets_401()
    {
        var response = await registry.AnonymousClient().PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_operator_role_gets_403_and_registers_nothing()
    {
        var request = WorkerSamples.Valid();

        var response = await registry.ClientAs(Roles.Finance).PostAsJsonAsync("/api/v1/workers", request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", request.Nik!)));
    }

    [Fact]
    public async Task Health_probes_answer_without_a_token_and_ready_checks_database_and_broker()
    {
        var client = registry.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await Eventually.ReturnsAsync(
            async () => (await client.GetAsync("/health/ready")) is { StatusCode: HttpStatusCode.OK } r ? r : null,
            TimeSpan.FromSeconds(20),
            "readiness");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private Task<long> CountRowsAsync() => registry.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log)");
}
