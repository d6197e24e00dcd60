using System.Net;
using PijarSemar.ServiceDefaults.Http;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class ResilienceHandlerTests
{
    [Fact]
    public async Task A_get_answered_503_is_retried_until_it_succeeds()
    {
        var server = new ScriptedServer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var client = ClientOver(server);

        var response = await client.GetAsync(new Uri("http://billing/api/v1/coverage"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Calls);
    }

    [Fact]
    public async Task A_post_is_never_retried_because_repeating_it_could_register_or_pay_twice()
    {
        var server = new ScriptedServer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var client = ClientOver(server);

        var response = await client.PostAsync(new Uri("http://billing/api/v1/payments"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        var server = new ScriptedServer(HttpStatusCode.NotFound, HttpStatusCode.OK);
        using var client = ClientOver(server);

        var response = await client.GetAsync(new Uri("http://registry/api/v1/workers/x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task A_get_that_keeps_failing_gives_up_after_three_retries()
    {
        var server = new ScriptedServer(Enumerable.Repeat(HttpStatusCode.BadGateway, 10).ToArray());
        using var client = ClientOver(server);

        var response = await client.GetAsync(new Uri("http://billing/api/v1/coverage"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(4, server.Calls);
    }

    private static HttpClient ClientOver(HttpMessageHandler server) =>
        new(new ResilienceHandler(new DownstreamPipelines().For("billing")) { InnerHandler = server });

    /// <summary>Answers each request with the next status of its script, then 200.</summary>
    private sealed class ScriptedServer(params HttpStatusCode[] script) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var status = call <= script.Length ? script[call - 1] : HttpStatusCode.OK;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
