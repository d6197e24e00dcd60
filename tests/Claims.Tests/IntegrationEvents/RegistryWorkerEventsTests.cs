using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PijarSemar.Claims.Tests.Filing;
using PijarSemar.Contracts.Events;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.IntegrationEvents;

/// <summary>claim_workers from the registry's events over the real broker, whatever order they arrive in.</summary>
public sealed class RegistryWorkerEventsTests(FilingFixture stack) : IClassFixture<FilingFixture>
{
    private static readonly DateTimeOffset RegisteredAt = new(2026, 3, 4, 20, 30, 0, TimeSpan.Zero); // 5 March in Semarang

    [Fact]
    public async Task A_registration_records_the_kecamatan_and_the_registration_day_in_Semarang()
    {
        var worker = Guid.NewGuid();

        await ConsumedAsync(await PublishAsync(new WorkerRegistered(worker, "nelayan", "Tugu", false, RegisteredAt, Version: 1)));

        Assert.Equal("Tugu|2026-03-05|Registered|1", await RowAsync(worker));
    }

    [Fact]
    public async Task A_verification_arriving_before_the_registration_ends_verified_with_the_registration_facts_filled_in()
    {
        var worker = Guid.NewGuid();

        await ConsumedAsync(await PublishAsync(new WorkerVerified(worker, RegisteredAt.AddDays(1), Version: 2)));
        await ConsumedAsync(await PublishAsync(new WorkerRegistered(worker, "nelayan", "Genuk", false, RegisteredAt, Version: 1)));

        Assert.Equal("Genuk|2026-03-05|Verified|2", await RowAsync(worker));
    }

    [Fact]
    public async Task A_deceased_deactivation_records_the_date_of_death_and_an_older_verification_arriving_late_changes_nothing()
    {
        var worker = Guid.NewGuid();
        await ConsumedAsync(await PublishAsync(new WorkerRegistered(worker, "nelayan", "Tugu", false, RegisteredAt, Version: 1)));

        await ConsumedAsync(await PublishAsync(new WorkerDeactivated(worker, "Deceased", new DateOnly(2026, 6, 1), RegisteredAt.AddDays(90), Version: 3)));
        await ConsumedAsync(await PublishAsync(new WorkerVerified(worker, RegisteredAt.AddDays(1), Version: 2)));

        Assert.Equal("Tugu|2026-03-05|Deactivated|3|2026-06-01", await RowAsync(worker, withDeath: true));
    }

    [Fact]
    public async Task A_reactivation_clears_the_date_of_death_and_another_deactivation_reason_records_none()
    {
        var dead = Guid.NewGuid();
        var movedAway = Guid.NewGuid();
        await ConsumedAsync(await PublishAsync(new WorkerDeactivated(dead, "Deceased", new DateOnly(2026, 6, 1), RegisteredAt.AddDays(90), Version: 3)));
        await ConsumedAsync(await PublishAsync(new WorkerVerified(dead, RegisteredAt.AddDays(95), Version: 4)));
        await ConsumedAsync(await PublishAsync(new WorkerDeactivated(movedAway, "MovedAway", new DateOnly(2026, 6, 1), RegisteredAt.AddDays(90), Version: 3)));

        Assert.Equal("-|-|Verified|4|-", await RowAsync(dead, withDeath: true));
        Assert.Equal("-|-|Deactivated|3|-", await RowAsync(movedAway, withDeath: true));
    }

    [Fact]
    public async Task A_worker_learnt_from_the_registry_at_version_0_takes_the_next_event()
    {
        var worker = await stack.KnownWorkerAsync(status: "Verified");
        await stack.ClaimsScalarAsync<object>("UPDATE claim_workers SET version = 0 WHERE worker_id = @w RETURNING worker_id", ("w", worker));

        await ConsumedAsync(await PublishAsync(new WorkerDeactivated(worker, "Deceased", new DateOnly(2026, 7, 1), RegisteredAt.AddDays(90), Version: 3)));

        Assert.Equal("Deactivated|3|2026-07-01", await stack.ClaimsScalarAsync<string>(
            "SELECT status || '|' || version || '|' || deceased_on FROM claim_workers WHERE worker_id = @w", ("w", worker)));
    }

    [Fact]
    public async Task A_batch_of_imported_workers_enters_with_its_facts_and_a_verification_that_arrived_first_stays()
    {
        var imported = Guid.NewGuid();
        var verifiedFirst = Guid.NewGuid();
        await ConsumedAsync(await PublishAsync(new WorkerVerified(verifiedFirst, RegisteredAt.AddDays(1), Version: 2)));

        await ConsumedAsync(await PublishAsync(new WorkersImported(Guid.NewGuid(),
        [
            new ImportedWorker(imported, "pemulung", "Semarang Utara", false, RegisteredAt, Version: 1),
            new ImportedWorker(verifiedFirst, "nelayan", "Tugu", false, RegisteredAt, Version: 1),
        ])));

        Assert.Equal("Semarang Utara|2026-03-05|Registered|1", await RowAsync(imported));
        Assert.Equal("Tugu|2026-03-05|Verified|2", await RowAsync(verifiedFirst));
    }

    private Task<string> RowAsync(Guid worker, bool withDeath = false) => stack.ClaimsScalarAsync<string>(
        "SELECT coalesce(kecamatan, '-') || '|' || coalesce(registered_on::text, '-') || '|' || status || '|' || version"
        + (withDeath ? " || '|' || coalesce(deceased_on::text, '-')" : "")
        + " FROM claim_workers WHERE worker_id = @w",
        ("w", worker));

    private async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await stack.Claims.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);
        return messageId;
    }

    private Task ConsumedAsync(Guid messageId) => Eventually.ReturnsAsync(
        async () => await stack.ClaimsScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) > 0
            ? "consumed"
            : null,
        TimeSpan.FromSeconds(30),
        $"message {messageId} to be consumed");
}
