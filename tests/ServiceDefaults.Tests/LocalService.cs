using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>
/// A service built the way ours are (<c>AddServiceDefaults</c>, <c>MapDefaultEndpoints</c>),
/// answering on a free port of 127.0.0.1 over real HTTP, with endpoints of the test's own.
/// </summary>
internal sealed class LocalService : IAsyncDisposable
{
    /// <summary>The key the local services trust in the Testing environment.</summary>
    public static readonly string SigningKey = DevelopmentTokens.NewSigningKey();

    private LocalService(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    /// <summary>Addressed at the running service.</summary>
    public HttpClient Client { get; }

    public Uri Address => Client.BaseAddress!;

    /// <summary>A service named <c>registry</c> in the Testing environment, trusting <see cref="SigningKey"/>.</summary>
    public static Task<LocalService> StartAsync(
        Action<WebApplication> map,
        Action<WebApplicationBuilder>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(ServiceIdentity.TestingEnvironment, DefaultSettings(settings), configure, map, withDefaults: true);

    /// <summary>A bare host (no service defaults): a downstream service or identity provider that records what it is sent.</summary>
    public static Task<LocalService> StartBareAsync(Action<WebApplication> map) =>
        StartAsync(ServiceIdentity.TestingEnvironment, new Dictionary<string, string?>(), null, map, withDefaults: false);

    /// <summary>Builds a service with the service defaults in <paramref name="environment"/>, as far as its start.</summary>
    public static async Task<LocalService> StartAsync(
        string environment,
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure,
        Action<WebApplication> map,
        bool withDefaults = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        if (withDefaults)
        {
            builder.AddServiceDefaults();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        if (withDefaults)
        {
            app.MapDefaultEndpoints();
        }

        map(app);
        await app.StartAsync();
        return new LocalService(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    public static Dictionary<string, string?> DefaultSettings(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:ServiceName"] = "registry",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
