using System.Net.Http.Headers;
using PijarSemar.LocalServers;
using PijarSemar.TestSupport;

namespace PijarSemar.EndToEnd.Tests.Processes;

/// <summary>
/// One service of a <see cref="ProcessStack"/>: a <c>dotnet &lt;dll&gt;</c> process on its own port
/// and database, which a test may kill with SIGKILL and start again on the same port and data.
/// </summary>
public sealed class ProcessService : IAsyncDisposable
{
    // A just-started service compiles its first request's code paths; on two busy cores that has taken over 30 s.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] HealthPaths = ["/health/ready", "/health/messaging"];

    private readonly ServiceBuild build;
    private readonly ServiceSettings settings;
    private readonly List<string> output = [];
    private ServiceProcess? process;

    internal ProcessService(ServiceBuild build, ServiceSettings settings)
    {
        this.build = build;
        this.settings = settings;
    }

    /// <summary>"registry", "funding", "billing" or "claims".</summary>
    public string Name => build.Name;

    public Uri BaseAddress => settings.BaseAddress;

    /// <summary>Its database, for a test to read what it wrote or to seed data by SQL.</summary>
    public string ConnectionString => settings.Database;

    /// <summary>Whether the process was started and has not been killed or stopped since.</summary>
    public bool IsRunning => process is { Exited.IsCompleted: false };

    /// <summary>Every line the process wrote to stdout or stderr since the fixture started, across restarts.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (output)
            {
                return [.. output];
            }
        }
    }

    /// <summary>A client with a token every service accepts, for <paramref name="role"/>.</summary>
    public HttpClient ClientAs(string role, string? subject = null)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(subject ?? role, role));
        return client;
    }

    public HttpClient AnonymousClient() => new() { BaseAddress = BaseAddress, Timeout = RequestTimeout };

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    /// <summary>
    /// Starts the process (again, after <see cref="KillAsync"/> or a crash) and waits until it is ready and its
    /// receive endpoints are bound (<c>/health/messaging</c>): an event published before its queue
    /// is bound would find no queue.
    /// </summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is running already; kill it first.");
        }

        if (process is not null)
        {
            // It exited by itself: what is left is its supervisor's handle.
            await process.DisposeAsync();
        }

        process = ServiceProcess.Start(build, settings, Record);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitUntilHealthyAsync(http, HealthPaths, deadline.Token);
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill would, and waits until it has exited.</summary>
    public async Task KillAsync()
    {
        if (process is null)
        {
            throw new InvalidOperationException($"{Name} is not running.");
        }

        await process.KillAsync();
        await process.DisposeAsync();
        process = null;
    }

    /// <summary>Stops the process cleanly, if it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    private void Record(string line)
    {
        lock (output)
        {
            output.Add(line);
        }
    }
}
