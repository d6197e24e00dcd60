using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>Two operators decide on one registration at the same moment: exactly one decision stands.</summary>
public sealed class ConcurrentDecisionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Approve_and_reject_at_once_exactly_one_wins_and_the_loser_gets_409_naming_the_winners_status()
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(WorkerSamples.Valid());

        // Both requests read the worker as Registered, then queue behind our lock to write: a true race.
        var (approve, reject) = await RaceAsync(
            worker.Id,
            () => registry.ClientAs(Roles.Operator, "alice").PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null)),
            () => registry.ClientAs(Roles.Operator, "bob").PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(false, "No KTP")));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], new[] { approve.StatusCode, reject.StatusCode }.Order());
        var (winner, loser) = approve.StatusCode == HttpStatusCode.OK ? (approve, reject) : (reject, approve);
        var stored = (await registry.ClientAs(Roles.Operator).GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!;
        Assert.Equal((await winner.Content.ReadFromJsonAsync<WorkerResponse>())!.Status, stored.Status);

        var problem = await loser.ProblemAsync();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(stored.Status, problem.GetProperty("currentStatus").GetString());
        Assert.Contains(stored.Status, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(2L, await registry.VersionAsync(worker.Id));
        Assert.Equal(2L, await registry.AuditEntriesAsync(worker.Id));
        Assert.Equal(stored.Status == "Verified" ? 1L : 0L, await registry.EventsAsync("WorkerVerified", worker.Id));
    }

    [Fact]
    public async Task Many_approve_reject_pairs_in_parallel_each_end_with_one_decision()
    {
        var client = registry.ClientAs(Roles.Operator);
        var workers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RegisterAsync(WorkerSamples.Valid())));

        var answers = await Task.WhenAll(workers.SelectMany(w => new[]
        {
            client.PostAsJsonAsync($"/api/v1/workers/{w.Id}/verification", new VerificationRequest(true, null)),
            client.PostAsJsonAsync($"/api/v1/workers/{w.Id}/verification", new VerificationRequest(false, "No KTP")),
        }));

        foreach (var pair in answers.Chunk(2))
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], pair.Select(a => a.StatusCode).Order());
            Assert.Equal("application/problem+json", pair.Single(a => a.StatusCode == HttpStatusCode.Conflict).Content.Headers.ContentType?.MediaType);
        }

        foreach (var worker in workers)
        {
            Assert.Equal(2L, await registry.VersionAsync(worker.Id));
        }
    }

    /// <summary>
    /// Holds the worker's row locked until both requests have read it and wait to write it, then lets
    /// them go: the first to get the row commits, the second finds its row version gone.
    /// </summary>
    private async Task<(HttpResponseMessage, HttpResponseMessage)> RaceAsync(Guid workerId, Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second)
    {
        Task<HttpResponseMessage[]> requests;
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM workers WHERE id = @id FOR UPDATE", connection, transaction))
            {
                lockRow.Parameters.AddWithValue("id", workerId);
                await lockRow.ExecuteScalarAsync();
            }

            requests = Task.WhenAll(first(), second());
            await Eventually.ReturnsAsync(
                async () => await WaitingWritersAsync() >= 2 ? "both waiting" : null, TimeSpan.FromSeconds(20), "both requests to wait on the row");
            Assert.False(requests.IsCompleted);
            await transaction.RollbackAsync();
        }

        var answers = await requests;
        return (answers[0], answers[1]);
    }

    private Task<long> WaitingWritersAsync() => registry.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}
