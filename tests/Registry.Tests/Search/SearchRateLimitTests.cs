using System.Net;
using System.Net.Http.Json;
using PijarSemar.Registry.Apis;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Search;

public sealed class TightRateLimitsFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["RateLimiting:search:PermitLimit"] = "2",
    ["RateLimiting:search:Window"] = "00:10:00",
    ["RateLimiting:import:PermitLimit"] = "1",
    ["RateLimiting:import:Window"] = "01:00:00",
});

/// <summary>The registry's searches and uploads are behind the named rate-limit policies.</summary>
public sealed class SearchRateLimitTests(TightRateLimitsFixture registry) : IClassFixture<TightRateLimitsFixture>
{
    [Fact]
    public async Task Searches_by_body_and_by_query_string_share_one_allowance_and_then_get_429()
    {
        var client = registry.ClientAs(Roles.Operator, "searcher");
        var search = new WorkerSearch(null, "budi", null, null, null, null, null);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/workers/search", search)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/workers?name=budi")).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/v1/workers/search", search);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/workers?name=budi")).StatusCode);
        Assert.Equal(2L, await registry.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'worker-search' AND actor = 'searcher'"));
    }

    [Fact]
    public async Task A_second_upload_within_the_window_gets_429_and_stores_nothing()
    {
        var client = registry.ClientAs(Roles.Operator, "uploader");
        var csv = ImportCsv.Of([WorkerSamples.Valid()]);

        Assert.Equal(HttpStatusCode.Accepted, (await client.UploadAsync(csv)).StatusCode);
        var refused = await client.UploadAsync(ImportCsv.Of([WorkerSamples.Valid()]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT count(*) FROM worker_imports WHERE uploaded_by = 'uploader'"));
    }
}
