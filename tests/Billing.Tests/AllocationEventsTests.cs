using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Billing.Runs;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Billing.Tests;

/// <summary>
/// Events published here reach every Billing test class's queues on the shared broker, so these
/// allocations lie in 2025, a year the other classes never bill.
/// </summary>
public sealed class AllocationEventsTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static readonly Period Start = new(2025, 1);
    private static readonly Period End = new(2025, 12);

    [Fact]
    public async Task An_allocation_then_its_end_leave_the_allocation_ending_in_the_new_month()
    {
        var allocated = Allocated();
        await ConsumedAsync(await PublishAsync(allocated));
        await ConsumedAsync(await PublishAsync(EndedOf(allocated, new Period(2025, 3), version: 2)));

        Assert.Equal(("2025-01-01", "2025-03-01", 2L), await RowAsync(allocated.AllocationId));
    }

    [Fact]
    public async Task An_end_that_arrives_before_its_allocation_is_kept_and_the_late_allocation_changes_nothing()
    {
        var allocated = Allocated();
        await ConsumedAsync(await PublishAsync(EndedOf(allocated, new Period(2025, 4), version: 2)));
        await ConsumedAsync(await PublishAsync(allocated));

        Assert.Equal(("2025-01-01", "2025-04-01", 2L), await RowAsync(allocated.AllocationId));
    }

    [Fact]
    public async Task The_same_end_published_twice_and_the_older_allocation_after_it_leave_one_row_at_the_highest_version()
    {
        var allocated = Allocated();
        var ended = EndedOf(allocated, new Period(2025, 5), version: 2);
        var messageId = await PublishAsync(ended);
        await ConsumedAsync(messageId);
        await ConsumedAsync(await PublishAsync(ended));
        await ConsumedAsync(await PublishAsync(allocated));

        Assert.Equal(("2025-01-01", "2025-05-01", 2L), await RowAsync(allocated.AllocationId));
        Assert.Equal(1L, await billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations WHERE allocation_id = @id", ("id", allocated.AllocationId)));
    }

    [Fact]
    public async Task A_month_after_an_allocation_ended_is_not_billed_and_a_cancelled_one_is_never_billed()
    {
        var month = new Period(2025, 9);
        var kept = Allocated();
        var endedBefore = Allocated();
        var cancelled = Allocated();
        foreach (var message in new object[]
        {
            kept, EndedOf(endedBefore, new Period(2025, 8), 2), endedBefore, cancelled, EndedOf(cancelled, Start.Previous(), 2),
        })
        {
            await ConsumedAsync(await PublishAsync(message));
        }

        var finance = billing.ClientAs(Roles.Finance);
        var queued = (await (await finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month })).Content
            .ReadFromJsonAsync<BillingRunResponse>())!;
        await finance.CompletedRunAsync(queued.Id);

        Assert.Equal(kept.WorkerId, await billing.ScalarAsync<Guid>("SELECT worker_id FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal(1L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
    }

    private static FundingAllocated Allocated() => new(
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Apbd", null, Start, End, 2025, Version: 1, DateTimeOffset.UtcNow);

    private static FundingEnded EndedOf(FundingAllocated a, Period end, long version) => new(
        a.AllocationId, a.WorkerId, a.FundingSourceId, a.SourceType, a.SponsorId, a.StartPeriod, end, "Moved away", version, DateTimeOffset.UtcNow);

    private async Task<(string, string, long)> RowAsync(Guid allocationId) =>
        (await billing.ScalarAsync<string>("SELECT start_month::text FROM funded_allocations WHERE allocation_id = @id", ("id", allocationId)),
         await billing.ScalarAsync<string>("SELECT end_month::text FROM funded_allocations WHERE allocation_id = @id", ("id", allocationId)),
         await billing.ScalarAsync<long>("SELECT version FROM funded_allocations WHERE allocation_id = @id", ("id", allocationId)));

    private async Task<Guid> PublishAsync(object message)
    {
        var messageId = NewId.NextGuid();
        await billing.Factory.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = messageId);
        return messageId;
    }

    private Task ConsumedAsync(Guid messageId) => Eventually.ReturnsAsync(
        async () => await billing.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) > 0
            ? "consumed"
            : null,
        TimeSpan.FromSeconds(20),
        $"message {messageId} to be consumed");
}
