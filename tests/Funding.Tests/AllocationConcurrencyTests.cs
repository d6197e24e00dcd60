using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>
/// A small connection pool, so 200 requests queue for connections as they would on a busy
/// server instead of taking all of the shared test server's.
/// </summary>
public sealed class SmallPoolFundingFixture : AllocatingFundingFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("ConnectionStrings:funding", ConnectionString + ";Maximum Pool Size=20;Timeout=60")];
}

public sealed class AllocationConcurrencyTests(SmallPoolFundingFixture funding) : IClassFixture<SmallPoolFundingFixture>
{
    private readonly FundingTestData _data = new(funding, funding.ClientAs(Roles.Operator));

    [Fact]
    public async Task Two_hundred_concurrent_allocations_against_a_quota_of_50_create_exactly_50_and_answer_409_quota_to_the_rest()
    {
        var source = await _data.SourceAsync(quota: 50);
        var workers = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            workers.Add(await _data.VerifiedWorkerAsync());
        }

        // One client per request, all released at once: 200 operators pressing "allocate" together.
        using var start = new SemaphoreSlim(0);
        var requests = workers.Select(async worker =>
        {
            using var client = funding.ClientAs(Roles.Operator);
            await start.WaitAsync();
            return await new FundingTestData(funding, client).AllocateAsync(worker, source.Id, "2027-01");
        }).ToList();
        start.Release(requests.Count);
        var responses = await Task.WhenAll(requests);

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.Created] = 50, [HttpStatusCode.Conflict] = 150 }, statuses);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal("Quota exhausted.", problem!.Title);
            Assert.Equal("quota", problem.Extensions["reason"]?.ToString());
        }

        Assert.Equal(50L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
        Assert.Equal(50L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'PijarSemar.Contracts.Events.FundingAllocated' AND payload->>'fundingSourceId' = @id",
            ("id", source.Id.ToString())));
        Assert.Equal(0, (await _data.SourceByIdAsync(source.Id)).RemainingQuota);
    }
}
