using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Http;
using Polly.CircuitBreaker;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>
/// Billing is down. Once the breaker has seen enough failures, every client of billing in this
/// process stops calling it, whichever handler instance or typed client the call goes through.
/// </summary>
public sealed class SharedCircuitBreakerTests
{
    private const int FailuresThatOpenTheBreaker = 10;

    [Fact]
    public async Task An_open_breaker_stops_every_typed_client_of_the_same_service()
    {
        using var host = Host(out var billing, out _);
        await FailUntilOpenAsync(host.Services.GetRequiredService<Payments>());

        await Assert.ThrowsAsync<BrokenCircuitException>(() => host.Services.GetRequiredService<Coverage>().PostAsync());
        Assert.Equal(FailuresThatOpenTheBreaker, billing.Calls);
    }

    [Fact]
    public async Task An_open_breaker_survives_the_client_factory_recycling_the_handler()
    {
        using var host = Host(out var billing, out _, handlerLifetime: TimeSpan.FromSeconds(1));
        await FailUntilOpenAsync(host.Services.GetRequiredService<Payments>());
        var chainsBefore = billing.Chains;

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => host.Services.GetRequiredService<Payments>().PostAsync());

        Assert.Equal(chainsBefore + 1, billing.Chains);
        Assert.Equal(FailuresThatOpenTheBreaker, billing.Calls);
    }

    [Fact]
    public async Task Another_service_keeps_a_closed_breaker_of_its_own()
    {
        using var host = Host(out _, out var claims);
        await FailUntilOpenAsync(host.Services.GetRequiredService<Payments>());

        var response = await host.Services.GetRequiredService<ClaimsIntake>().PostAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, claims.Calls);
    }

    private static async Task FailUntilOpenAsync(Payments payments)
    {
        // POSTs are never retried, so each call is one failure the breaker counts.
        for (var i = 0; i < FailuresThatOpenTheBreaker; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await payments.PostAsync()).StatusCode);
        }
    }

    private static IHost Host(out DownService billing, out DownService claims, TimeSpan? handlerLifetime = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Authentication.ServiceIdentity.TestingEnvironment,
        });
        builder.Configuration.AddInMemoryCollection(LocalService.DefaultSettings(new Dictionary<string, string?>
        {
            ["services:billing:http:0"] = "http://billing.invalid",
            ["services:claims:http:0"] = "http://claims.invalid",
        }));
        var billingServer = billing = new DownService();
        var claimsServer = claims = new DownService();
        var payments = builder.AddServiceClient<Payments, Payments>("billing").ConfigurePrimaryHttpMessageHandler(billingServer.NewChain);
        if (handlerLifetime is { } lifetime)
        {
            payments.SetHandlerLifetime(lifetime);
        }

        builder.AddServiceClient<Coverage, Coverage>("billing").ConfigurePrimaryHttpMessageHandler(billingServer.NewChain);
        builder.AddServiceClient<ClaimsIntake, ClaimsIntake>("claims").ConfigurePrimaryHttpMessageHandler(claimsServer.NewChain);
        return builder.Build();
    }

    public abstract class BillingCall(HttpClient http)
    {
        public Task<HttpResponseMessage> PostAsync() => http.PostAsync(new Uri("api/v1/anything", UriKind.Relative), null);
    }

    public sealed class Payments(HttpClient http) : BillingCall(http);

    public sealed class Coverage(HttpClient http) : BillingCall(http);

    public sealed class ClaimsIntake(HttpClient http) : BillingCall(http);

    /// <summary>A service answering 503 to everything; counts the calls that reach it and the handler chains built over it.</summary>
    public sealed class DownService
    {
        private int _calls;
        private int _chains;

        public int Calls => _calls;

        public int Chains => _chains;

        public HttpMessageHandler NewChain()
        {
            Interlocked.Increment(ref _chains);
            return new Answering(this);
        }

        private sealed class Answering(DownService service) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref service._calls);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            }
        }
    }
}
