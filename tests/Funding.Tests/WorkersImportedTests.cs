using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class WorkersImportedTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    [Fact]
    public async Task A_batch_of_imported_workers_enters_the_read_model_each_with_its_facts_and_version()
    {
        var at = DateTimeOffset.UtcNow;
        var workers = Enumerable.Range(0, 3)
            .Select(i => new ImportedWorker(Guid.NewGuid(), i == 2 ? "" : "nelayan", "Tugu", i == 2, at, Version: 1))
            .ToList();

        await ConsumedAsync(await PublishAsync(new WorkersImported(Guid.NewGuid(), workers)));

        var ids = workers.Select(w => w.WorkerId).ToArray();
        Assert.Equal("Registered|nelayan|Tugu|f|1;Registered|nelayan|Tugu|f|1;Registered||Tugu|t|1", await funding.ScalarAsync<string>("""
            SELECT string_agg(concat_ws('|', registry_status, occupation_code, kecamatan, p3ke_listed, version), ';'
                              ORDER BY array_position(@ids, worker_id))
            FROM registry_workers WHERE worker_id = ANY(@ids)
            """, ("ids", ids)));
    }

    [Fact]
    public async Task A_worker_verified_before_its_batch_arrived_stays_verified_and_gets_the_registration_facts()
    {
        var at = DateTimeOffset.UtcNow;
        var verified = Guid.NewGuid();
        var other = Guid.NewGuid();
        await ConsumedAsync(await PublishAsync(new WorkerVerified(verified, at.AddMinutes(1), Version: 2)));

        await ConsumedAsync(await PublishAsync(new WorkersImported(Guid.NewGuid(),
            [new ImportedWorker(verified, "pemulung", "Genuk", true, at, 1), new ImportedWorker(other, "pemulung", "Genuk", false, at, 1)])));

        Assert.Equal("Verified|pemulung|Genuk|t|2", await RowAsync(verified));
        Assert.Equal("Registered|pemulung|Genuk|f|1", await RowAsync(other));
    }

    [Fact]
    public async Task The_same_batch_delivered_again_or_republished_changes_nothing()
    {
        var at = DateTimeOffset.UtcNow;
        var worker = Guid.NewGuid();
        var batch = new WorkersImported(Guid.NewGuid(), [new ImportedWorker(worker, "nelayan", "Tugu", false, at, 1)]);
        var messageId = await PublishAsync(batch);
        await ConsumedAsync(messageId);
        await ConsumedAsync(await PublishAsync(new WorkerDeactivated(worker, "MovedAway", DateOnly.FromDateTime(at.UtcDateTime), at, Version: 3)));

        await PublishAsync(batch, messageId);
        await ConsumedAsync(await PublishAsync(batch));

        Assert.Equal("Deactivated|nelayan|Tugu|f|3", await RowAsync(worker));
        Assert.Equal(1L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)));
    }

    private Task<string> RowAsync(Guid workerId) => funding.ScalarAsync<string>(
        "SELECT concat_ws('|', registry_status, occupation_code, kecamatan, p3ke_listed, version) FROM registry_workers WHERE worker_id = @id",
        ("id", workerId));

    private async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await funding.Factory.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = id);
        return id;
    }

    private Task ConsumedAsync(Guid messageId) => Eventually.ReturnsAsync(
        async () => await funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) > 0
            ? "consumed"
            : null,
        TimeSpan.FromSeconds(20),
        $"message {messageId} to be consumed");
}
