using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>An operator whose connection dropped presses "allocate" again with the same Idempotency-Key.</summary>
public sealed class AllocationIdempotencyTests(AllocatingFundingFixture funding) : IClassFixture<AllocatingFundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);
    private FundingTestData Data => new(funding, _operator);

    [Fact]
    public async Task The_same_allocation_sent_twice_with_one_key_creates_one_allocation_and_answers_the_same()
    {
        var source = await Data.SourceAsync(quota: 5);
        var request = new CreateAllocationRequest(await Data.VerifiedWorkerAsync(), source.Id, null, Period.Parse("2027-02"), null);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(request, key);
        using var again = await PostAsync(request, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<AllocationResponse>())!.Id,
            (await again.Content.ReadFromJsonAsync<AllocationResponse>())!.Id);
        Assert.Equal(1L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM allocations WHERE worker_id = @id", ("id", (object)request.WorkerId!)));
    }

    [Fact]
    public async Task The_same_key_with_another_worker_is_a_422_and_allocates_nobody_else()
    {
        var source = await Data.SourceAsync(quota: 5);
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(new CreateAllocationRequest(await Data.VerifiedWorkerAsync(), source.Id, null, Period.Parse("2027-02"), null), key);
        var other = await Data.VerifiedWorkerAsync();

        using var reused = await PostAsync(new CreateAllocationRequest(other, source.Id, null, Period.Parse("2027-02"), null), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE worker_id = @id", ("id", other)));
    }

    private async Task<HttpResponseMessage> PostAsync(CreateAllocationRequest request, string key)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/allocations") { Content = JsonContent.Create(request) };
        message.Headers.Add("Idempotency-Key", key);
        return await _operator.SendAsync(message);
    }
}
