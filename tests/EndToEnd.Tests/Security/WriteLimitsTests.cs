using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>What stops a caller from flooding a service's writes: the JSON body cap and the per-caller write allowance.</summary>
[Collection(SecurityServices.Collection)]
public sealed class WriteLimitsTests(SecurityServices stack)
{
    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task A_json_body_over_a_megabyte_on_a_write_is_refused_with_413_problem_details(string service)
    {
        var hosted = stack[service];
        using var writer = hosted.ClientAs(hosted.JsonWrite.Role);
        using var body = new StringContent($$"""{"description":"{{new string('x', 1_048_577)}}"}""", Encoding.UTF8, "application/json");

        using var answer = await writer.PostAsync(new Uri(hosted.JsonWrite.Path, UriKind.Relative), body);

        var problem = await answer.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is too large.", problem.Title());
    }

    [Fact]
    public async Task A_caller_past_the_write_allowance_gets_429_with_retry_after_while_its_reads_and_other_callers_go_on()
    {
        await using var registry = await stack.Registry.StartReplicaAsync(
            ("RateLimiting:Writes:PermitLimit", "3"),
            ("RateLimiting:Writes:Window", "00:10:00"));
        using var flooder = registry.ClientAs(Roles.Operator, "write-flooder");
        using var colleague = registry.ClientAs(Roles.Operator, "write-colleague");
        var workers = new Uri("/api/v1/workers", UriKind.Relative);

        // An empty registration is a 400, and still a write the allowance counts.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await flooder.PostAsJsonAsync(workers, new { });
            statuses.Add(refused.StatusCode);
        }

        using var limited = await flooder.PostAsJsonAsync(workers, new { });
        using var read = await flooder.GetAsync(new Uri("/api/v1/occupations", UriKind.Relative));
        using var other = await colleague.PostAsJsonAsync(workers, new { });

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadRequest, 3), statuses);
        var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("At most 3 writes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(limited.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }
}
