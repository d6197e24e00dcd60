using System.Net;
using System.Net.Http.Json;
using PijarSemar.Claims.Apis;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests;

public sealed class ClaimsListTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task Claims_are_listed_in_pages_in_the_order_they_were_submitted()
    {
        var worker = Guid.NewGuid();
        for (var i = 1; i <= 3; i++)
        {
            await claims.ScalarAsync<object>(
                """
                INSERT INTO claims (id, worker_id, type, status, incident_date, description, submitted_at, reported_by, filed_by,
                                    status_changed_at, version, coverage_status, coverage_checked_at)
                VALUES (@id, @worker, 'Jkk', 'Submitted', @date, 'fell from a becak', now(), 'a neighbour', 'officer', now(), 1, 'Unknown', now())
                RETURNING id
                """,
                ("id", Guid.NewGuid()), ("worker", worker), ("date", new DateOnly(2026, 10, i)));
        }

        var client = claims.ClientAs(Roles.ClaimsOfficer);
        var first = await client.GetFromJsonAsync<Page<ClaimSummary>>($"/api/v1/claims?workerId={worker}&limit=2");
        var second = await client.GetFromJsonAsync<Page<ClaimSummary>>($"/api/v1/claims?workerId={worker}&limit=2&cursor={first!.NextCursor}");

        Assert.Equal([1, 2], first.Items.Select(c => c.IncidentDate.Day));
        Assert.Equal([3], second!.Items.Select(c => c.IncidentDate.Day));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("status=Lost", "status")]
    [InlineData("type=Jht", "type")]
    [InlineData("limit=500", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=5", "cursor")]
    [InlineData("cursor=MXx3b3JrZXJzfDU", "cursor")] // a cursor of the registry's workers list
    public async Task An_unknown_filter_gets_400_naming_it(string query, string field)
    {
        var response = await claims.ClientAs(Roles.ClaimsOfficer).GetAsync($"/api/v1/claims?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Claims_need_a_token()
    {
        var response = await claims.AnonymousClient().GetAsync("/api/v1/claims");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
