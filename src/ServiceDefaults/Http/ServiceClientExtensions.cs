using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.ServiceDefaults.Http;

public static class ServiceClientExtensions
{
    /// <summary>
    /// A typed client for another service, addressed the way Aspire injects it
    /// (<c>services:{name}:http:0</c>). Every call carries a token for that service's audience
    /// (the caller's, or this service's own) and goes through the service's shared resilience pipeline.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TClient, TImplementation>(this IHostApplicationBuilder builder, string serviceName)
        where TClient : class
        where TImplementation : class, TClient
    {
        builder.AddServiceTokens();
        var audience = ServiceIdentity.AudienceFor(serviceName);
        return builder.Services
            .AddHttpClient<TClient, TImplementation>(client =>
            {
                var address = builder.Configuration[$"services:{serviceName}:http:0"]
                    ?? throw new InvalidOperationException($"services:{serviceName}:http:0 is not configured.");
                client.BaseAddress = new Uri(address);
            })

            // Outside the pipeline: a failing identity provider is not the called service failing.
            .AddHttpMessageHandler(services => new ServiceAuthenticationHandler(
                services.GetRequiredService<IHttpContextAccessor>(), services.GetRequiredService<IServiceTokens>(), audience))
            .AddHttpMessageHandler(services => new ResilienceHandler(services.GetRequiredService<DownstreamPipelines>().For(serviceName)));
    }

    /// <summary>
    /// How this service gets its own tokens: client credentials when <c>Auth:Client:Id</c> is set,
    /// otherwise, in Development and Testing only, tokens signed with the development key. Anything
    /// else fails at start rather than at the first background call.
    /// </summary>
    private static void AddServiceTokens(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton<DownstreamPipelines>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (builder.Services.Any(service => service.ServiceType == typeof(IServiceTokens)))
        {
            return;
        }

        var client = builder.Configuration.GetSection("Auth:Client");
        if (client["Id"] is { Length: > 0 } clientId)
        {
            var credentials = new ClientCredentials(
                clientId,
                client["Secret"] is { Length: > 0 } secret ? secret : throw new InvalidOperationException("Auth:Client:Id is set but Auth:Client:Secret is not."),
                client["TokenEndpoint"] is { Length: > 0 } endpoint ? new Uri(endpoint) : null,
                client["Scope"]);
            if (credentials.TokenEndpoint is null && string.IsNullOrWhiteSpace(builder.Configuration["Auth:Authority"]))
            {
                throw new InvalidOperationException("Auth:Client needs a token endpoint: set Auth:Authority (its metadata names one) or Auth:Client:TokenEndpoint.");
            }

            builder.Services.AddHttpClient(ClientCredentialsTokens.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton(credentials);
            builder.Services.AddSingleton<IServiceTokens, ClientCredentialsTokens>();
            return;
        }

        var signingKey = builder.Configuration["Auth:SigningKey"];
        if (!ServiceIdentity.MayUseDevelopmentKey(builder.Environment) || string.IsNullOrWhiteSpace(signingKey))
        {
            throw new InvalidOperationException(
                "A service that calls another needs a token of its own for background work: set Auth:Client:Id and Auth:Client:Secret " +
                "(a client-credentials client at the identity provider).");
        }

        var roles = (client["Role"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var serviceName = ServiceIdentity.ServiceName(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<IServiceTokens>(new DevelopmentServiceTokens(signingKey, serviceName, roles));
    }
}
