using System.Diagnostics;
using System.Net;

namespace PijarSemar.LocalServers;

/// <summary>One service run as <c>dotnet &lt;dll&gt;</c> with its project folder as content root.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int ReportedLines = 30;
    // A service restarted by a test on two busy cores has taken 45 s to migrate and bind its queues.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly SupervisedProcess process;

    private ServiceProcess(ServiceBuild build, Uri baseAddress, SupervisedProcess process)
    {
        Build = build;
        BaseAddress = baseAddress;
        this.process = process;
    }

    public ServiceBuild Build { get; }

    public Uri BaseAddress { get; }

    /// <summary>Completes with the exit code once the process has exited.</summary>
    public Task<int> Exited => process.Exited;

    public IReadOnlyList<string> RecentOutput => process.RecentOutput;

    public static ServiceProcess Start(ServiceBuild build, ServiceSettings settings, Action<string> output)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(build.AssemblyPath))
        {
            throw new ServerStartException($"{build.AssemblyPath} does not exist; build the solution first (dotnet build).");
        }
        return new ServiceProcess(build, settings.BaseAddress, SupervisedProcess.Start(new(DotnetHost(), [build.AssemblyPath])
        {
            WorkingDirectory = build.ProjectDirectory,
            Environment = settings.ToEnvironment(),
            Output = output,
            RecentLineCount = ReportedLines,
        }));
    }

    /// <summary>Polls each of <paramref name="paths"/> in turn (<c>/health/ready</c>) until all answer 200.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, IReadOnlyList<string> paths, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(paths);
        var waited = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            var health = new Uri(BaseAddress, path);
            var lastAnswer = "no answer";
            while (true)
            {
                if (process.Exited.IsCompleted)
                {
                    throw ServerStartException.WithOutput(
                        $"{Build.Name} exited with code {await process.Exited} while starting.", process.RecentOutput);
                }
                try
                {
                    using var response = await http.GetAsync(health, ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
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
                        $"{Build.Name} did not answer 200 on {health} within {ReadyTimeout.TotalSeconds:0} s (last: {lastAnswer}).",
                        process.RecentOutput);
                }
                await Task.Delay(PollInterval, ct);
            }
        }
    }

    /// <summary>SIGKILL, as a crash would, and waits for the exit.</summary>
    public Task KillAsync() => process.KillAsync();

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>The dotnet that runs the owner when known, so services run on the same SDK install.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
