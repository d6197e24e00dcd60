using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class FundingEventsTests(AllocatingFundingFixture funding) : IClassFixture<AllocatingFundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);
    private FundingTestData Data => new(funding, _operator);

    [Fact]
    public async Task An_allocation_and_its_ends_reach_the_broker_with_versions_rising_in_the_order_of_the_changes_and_no_personal_data()
    {
        await using var events = await PublishedEvents.ListenAsync(funding.Factory.Services);
        var sponsor = await Data.SponsorAsync("Asn");
        var source = await Data.SourceAsync(type: "Asn");
        var allocation = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-02", sponsorId: sponsor);
        await EndAsync(allocation.Id, "2027-09", "Sponsor retired");
        await EndAsync(allocation.Id, "2027-06", "Sponsor moved away");

        var arrived = await events.ForAllocationAsync(allocation.Id, 3);

        var created = Assert.IsType<FundingAllocated>(arrived[0]);
        var first = Assert.IsType<FundingEnded>(arrived[1]);
        var second = Assert.IsType<FundingEnded>(arrived[2]);
        Assert.Equal([1L, 2L, 3L], [created.Version, first.Version, second.Version]);
        Assert.Equal((allocation.WorkerId, source.Id, "Asn", (Guid?)sponsor, 2027), (created.WorkerId, created.FundingSourceId, created.SourceType, created.SponsorId, created.FiscalYear));
        Assert.Equal(("2027-02", "2027-12"), (created.StartPeriod.ToString(), created.EndPeriod.ToString()));
        Assert.Equal(("2027-09", "Sponsor retired"), (first.EndPeriod.ToString(), first.Reason));
        Assert.Equal(("2027-06", "2027-02"), (second.EndPeriod.ToString(), second.StartPeriod.ToString()));
        var payloads = await funding.ScalarAsync<string>(
            "SELECT string_agg(payload::text, ' ') FROM outbox_messages WHERE payload->>'allocationId' = @id", ("id", allocation.Id.ToString()));
        Assert.DoesNotContain("Sponsor\"", payloads, StringComparison.Ordinal);
        Assert.DoesNotContain("name", payloads, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_deactivated_worker_is_funded_to_the_effective_month_and_the_freed_slot_takes_a_new_worker_the_month_after()
    {
        await using var events = await PublishedEvents.ListenAsync(funding.Factory.Services);
        var source = await Data.SourceAsync(quota: 1);
        var later = await Data.SourceAsync(quota: 1);
        var worker = await Data.VerifiedWorkerAsync();
        var spring = await Data.AllocatedAsync(worker, source.Id, "2027-01", "2027-06");
        var autumn = await Data.AllocatedAsync(worker, later.Id, "2027-09");
        var next = await Data.VerifiedWorkerAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await Data.AllocateAsync(next, source.Id, "2027-05", "2027-06")).StatusCode);

        // The worker's read-model version is 2; the registry's deactivation is the worker's version 3.
        await PublishAsync(new WorkerDeactivated(worker, "Deceased", new DateOnly(2027, 4, 15), DateTimeOffset.UtcNow, Version: 3));

        var ended = await events.ForAllocationAsync(spring.Id, 2);
        var never = await events.ForAllocationAsync(autumn.Id, 2);
        var endedEvent = Assert.IsType<FundingEnded>(ended[1]);
        var neverEvent = Assert.IsType<FundingEnded>(never[1]);
        Assert.Equal(("2027-04", "WorkerDeactivated:Deceased", 2L), (endedEvent.EndPeriod.ToString(), endedEvent.Reason, endedEvent.Version));
        Assert.Equal(("2027-08", "2027-09"), (neverEvent.EndPeriod.ToString(), neverEvent.StartPeriod.ToString()));
        var stored = await _operator.GetFromJsonAsync<AllocationResponse>($"/api/v1/allocations/{spring.Id}");
        Assert.Equal(("Ended", "2027-04"), (stored!.Status, stored.EndPeriod.ToString()));
        await Data.AllocatedAsync(next, source.Id, "2027-05", "2027-06");
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), later.Id, "2027-09");
        Assert.Equal(0, (await Data.SourceByIdAsync(later.Id)).RemainingQuota);
    }

    [Fact]
    public async Task A_deactivation_older_than_what_Funding_knows_of_the_worker_ends_nothing()
    {
        var source = await Data.SourceAsync();
        var worker = await Data.VerifiedWorkerAsync();
        var allocation = await Data.AllocatedAsync(worker, source.Id, "2027-01");

        // Version 1 is older than the read model's 2 (a reactivation already applied): stale, so it changes nothing.
        var messageId = await PublishAsync(new WorkerDeactivated(worker, "MovedAway", new DateOnly(2027, 2, 1), DateTimeOffset.UtcNow, Version: 1));
        await Eventually.ReturnsAsync(
            async () => await funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) > 0 ? "consumed" : null,
            TimeSpan.FromSeconds(20), "the deactivation to be consumed");

        var stored = await _operator.GetFromJsonAsync<AllocationResponse>($"/api/v1/allocations/{allocation.Id}");
        Assert.Equal(("Active", "2027-12", 1L), (stored!.Status, stored.EndPeriod.ToString(), stored.Version));
    }

    private async Task EndAsync(Guid id, string endPeriod, string reason)
    {
        var response = await _operator.PostAsJsonAsync($"/api/v1/allocations/{id}/end", new EndAllocationRequest(Contracts.Period.Parse(endPeriod), reason));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await funding.Factory.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);
        return messageId;
    }
}
