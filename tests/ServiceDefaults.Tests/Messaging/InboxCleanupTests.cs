using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PijarSemar.ServiceDefaults.Messaging;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Messaging;

public sealed class InboxCleanupTests(ProbeService probe) : IClassFixture<ProbeService>
{
    [Fact]
    public async Task Inbox_rows_older_than_the_window_are_deleted_in_batches_and_newer_ones_kept()
    {
        var old = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var recent = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        await InsertAsync(old, "31 days");
        await InsertAsync(recent, "29 days");
        var cleanup = probe.Services.GetServices<IHostedService>().OfType<InboxCleanup>().Single();

        var deleted = await cleanup.DeleteExpiredAsync(CancellationToken.None);

        Assert.True(deleted >= old.Length, $"deleted {deleted}");
        Assert.Equal(0L, await CountAsync(old));
        Assert.Equal(3L, await CountAsync(recent));
    }

    [Fact]
    public async Task A_service_with_a_negative_inbox_window_refuses_to_start()
    {
        using var host = ProbeService.Build(probe.ConnectionString, probe.Broker, new Dictionary<string, string?> { ["Inbox:Keep"] = "-1.00:00:00" });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Keep", refused.Message, StringComparison.Ordinal);
    }

    private Task InsertAsync(Guid[] ids, string age) => probe.ScalarAsync<object>(
        $"INSERT INTO inbox_messages (message_id, consumer, processed_at) SELECT id, 'cleanup-test', now() - interval '{age}' FROM unnest(@ids) AS id RETURNING 1",
        ("ids", ids));

    private Task<long> CountAsync(Guid[] ids) => probe.ScalarAsync<long>(
        "SELECT count(*) FROM inbox_messages WHERE message_id = ANY(@ids)", ("ids", ids));
}
