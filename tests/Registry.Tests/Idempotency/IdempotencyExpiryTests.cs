using System.Net;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Idempotency;

public sealed class ShortIdempotencyRetentionFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Idempotency:Retention"] = "00:00:05",
    ["Idempotency:PendingTimeout"] = "00:00:01",
    ["Idempotency:CleanupInterval"] = "00:00:00.200",
    ["Idempotency:CleanupBatchSize"] = "1",
});

public sealed class IdempotencyExpiryTests(ShortIdempotencyRetentionFixture registry) : IClassFixture<ShortIdempotencyRetentionFixture>
{
    [Fact]
    public async Task Keys_past_their_retention_are_deleted_in_batches_and_free_for_a_new_request()
    {
        var client = registry.ClientAs(Roles.Operator);
        await client.RegisterAsync(WorkerSamples.Valid()); // the first request of a host is slow; keys should not expire during it
        var keys = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.Created, (await IdempotencyTests.PostAsync(client, WorkerSamples.Valid(), key)).StatusCode);
        }

        Assert.Equal(3L, await registry.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys"));
        await Eventually.ReturnsAsync<string>(
            async () => await registry.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys") == 0 ? "deleted" : null,
            TimeSpan.FromSeconds(15),
            "expired idempotency keys to be deleted");

        // Forgotten, so another request under the same key is run, not refused as a different one.
        Assert.Equal(HttpStatusCode.Created, (await IdempotencyTests.PostAsync(client, WorkerSamples.Valid(), keys[0])).StatusCode);
    }
}
