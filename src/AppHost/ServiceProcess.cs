using System.Diagnostics;
using System.Net;
using PijarSemar.LocalServers;

namespace PijarSemar.AppHost;

/// <summary>One service run as <c>dotnet &lt;dll&gt;</c> with its project folder as content root.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int ReportedLines = 30;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly SupervisedProcess process;

    private ServiceProcess(ServiceDefinition definition, SupervisedProcess process)
    {
        Definition = definition;
        this.process = process;
    }

    public ServiceDefinition Definition { get; }

    public WatchedProcess Watched => new(Definition.Name, process.Exited, () => process.RecentOutput);

    public static ServiceProcess Start(
        ServiceDefinition definition, IReadOnlyDictionary<string, string> environment, Action<string> output)
    {
        if (!File.Exists(definition.AssemblyPath))
        {
            throw new ServerStartException($"{definition.AssemblyPath} does not exist; build the solution first (dotnet build).");
        }
        return new ServiceProcess(definition, SupervisedProcess.Start(new(DotnetHost(), [definition.AssemblyPath])
        {
            WorkingDirectory = definition.ProjectDirectory,
            Environment = environment,
            Output = output,
            RecentLineCount = ReportedLines,
        }));
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, CancellationToken ct)
    {
        var health = new Uri($"{Definition.Url}/health/ready");
        var waited = Stopwatch.StartNew();
        var lastAnswer = "no answer";
        while (true)
        {
            if (process.Exited.IsCompleted)
            {
                throw ServerStartException.WithOutput(
                    $"{Definition.Name} exited with code {await process.Exited} while starting.", process.RecentOutput);
            }
            try
            {
                using var response = await http.GetAsync(health, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                lastAnswer = $"{(int)response.StatusCode} {response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastAnswer = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                lastAnswer = "no answer in time";
            }
            if (waited.Elapsed > ReadyTimeout)
            {
                throw ServerStartException.WithOutput(
                    $"{Definition.Name} did not answer 200 on {health} within {ReadyTimeout.TotalSeconds:0} s (last: {lastAnswer}).",
                    process.RecentOutput);
            }
            await Task.Delay(PollInterval, ct);
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>The dotnet that runs the AppHost when known, so services run on the same SDK install.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
