using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.AppHost;

/// <summary>The servers and services of one AppHost run, started and stopped in dependency order.</summary>
internal sealed class Stack(ConsoleLog log)
{
    private const int ReportedLines = 30;

    private readonly List<ServiceProcess> services = [];
    private BackingServers? servers;

    public async Task StartAsync(IConfiguration configuration, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var state = StateDirectory.Locate();
        servers = await BackingServers.StartAsync(configuration, state, log, ct);
        await servers.CreateDatabasesAsync(ServiceDefinition.All.Select(service => service.Name), ct);

        var signingKey = state.SigningKey();
        foreach (var definition in ServiceDefinition.All)
        {
            services.Add(ServiceProcess.Start(definition.Build, Settings(definition, servers, signingKey), log.For(definition.Name)));
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await FailFast.WhenAllAsync(ct, services.Select(service => (Func<CancellationToken, Task>)(token => service.WaitUntilHealthyAsync(http, ["/health/ready"], token))));
        log.Block(EndpointTable.Render(ServiceDefinition.All, servers));
        log.Info($"Stack ready in {started.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>Waits for a stop request (exit code 0) or for a child to die (reported, exit code 1).</summary>
    public async Task<int> RunUntilStoppedAsync(CancellationToken stop)
    {
        var watched = (servers?.Watched ?? [])
            .Concat(services.Select(service => new WatchedProcess(service.Build.Name, service.Exited, () => service.RecentOutput)))
            .ToList();
        await Task.WhenAny(Task.WhenAny(watched.Select(child => child.Exited)), Task.Delay(Timeout.Infinite, stop));
        if (stop.IsCancellationRequested)
        {
            return 0;
        }
        var died = watched.First(child => child.Exited.IsCompleted);
        var lastLines = died.RecentOutput().TakeLast(ReportedLines);
        log.Error($"{died.Name} exited unexpectedly with code {await died.Exited}. Its last lines:\n{string.Join('\n', lastLines)}");
        log.Error("Stopping everything.");
        return 1;
    }

    public async Task StopAsync()
    {
        if (servers is null)
        {
            return;
        }
        // Services first, so they finish requests and close connections while the servers still run.
        await Task.WhenAll(services.Select(service => service.DisposeAsync().AsTask()));
        await servers.DisposeAsync();
        log.Info("Stopped.");
    }

    private static ServiceSettings Settings(ServiceDefinition service, BackingServers servers, string signingKey) =>
        new(service.Name, new Uri(service.Url), servers.PostgresFor(service.Name), servers.RabbitMq, signingKey, ServiceIdentity.AudienceFor(service.Name))
        {
            EnvironmentName = "Development",
            Services = ServiceDefinition.All.ToDictionary(other => other.Name, other => new Uri(other.Url)),
        };
}
