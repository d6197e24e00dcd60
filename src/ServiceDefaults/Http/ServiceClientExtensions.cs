using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PijarSemar.ServiceDefaults.Http;

public static class ServiceClientExtensions
{
    /// <summary>
    /// A typed client for another service, addressed the way Aspire injects it
    /// (<c>services:{name}:http:0</c>), with the resilience handler around every call.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient, TImplementation>(this IHostApplicationBuilder builder, string serviceName)
        where TClient : class
        where TImplementation : class, TClient
    {
        builder.Services.AddTransient<ResilienceHandler>();
        return builder.Services
            .AddHttpClient<TClient, TImplementation>(client =>
            {
                var address = builder.Configuration[$"services:{serviceName}:http:0"]
                    ?? throw new InvalidOperationException($"services:{serviceName}:http:0 is not configured.");
                client.BaseAddress = new Uri(address);
            })
            .AddHttpMessageHandler<ResilienceHandler>();
    }
}
