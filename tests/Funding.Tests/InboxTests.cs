using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Messaging;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class InboxTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    [Fact]
    public async Task A_message_consumed_twice_runs_its_handler_once()
    {
        var messageId = Guid.NewGuid();
        var runs = 0;

        var first = await ConsumeAsync(messageId, () => runs++);
        var second = await ConsumeAsync(messageId, () => runs++);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Two_deliveries_of_one_message_at_the_same_time_run_the_handler_once()
    {
        var messageId = Guid.NewGuid();
        var runs = 0;

        var results = await Task.WhenAll(
            ConsumeAsync(messageId, () => Interlocked.Increment(ref runs), hold: TimeSpan.FromMilliseconds(300)),
            ConsumeAsync(messageId, () => Interlocked.Increment(ref runs), hold: TimeSpan.FromMilliseconds(300)));

        Assert.Single(results, processed => processed);
        Assert.Equal(1, runs);
        Assert.Equal(1L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)));
    }

    [Fact]
    public async Task A_handler_that_fails_leaves_no_inbox_row_so_the_retry_runs_it_again()
    {
        var messageId = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ConsumeAsync(messageId, () => throw new InvalidOperationException("boom")));
        var runs = 0;
        var retried = await ConsumeAsync(messageId, () => runs++);

        Assert.True(retried);
        Assert.Equal(1, runs);
    }

    private async Task<bool> ConsumeAsync(Guid messageId, Action handler, TimeSpan? hold = null)
    {
        await using var scope = funding.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FundingDbContext>();
        return await db.ConsumeOnceAsync(messageId, "test-consumer", async ct =>
        {
            handler();
            await Task.Delay(hold ?? TimeSpan.Zero, ct);
        }, CancellationToken.None);
    }
}
