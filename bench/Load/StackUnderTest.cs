using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using PijarSemar.LocalServers;

namespace PijarSemar.LoadBench;

/// <summary>
/// The stack as a user runs it: the AppHost, started as its own process, runs the four services
/// as <c>dotnet &lt;dll&gt;</c> on their usual ports with the environment it always gives them.
/// Its PostgreSQL and RabbitMQ are throw-away servers of this run, handed to it as
/// <c>ConnectionStrings:postgres</c> and <c>ConnectionStrings:rabbitmq</c>: the same settings the
/// AppHost's own would have (durable: fsync and synchronous commit on), but on free ports and
/// deleted afterwards, so a run starts from empty databases and never touches <c>.pijar/</c>'s.
/// </summary>
internal sealed class StackUnderTest : IAsyncDisposable
{
    public const string Registry = "http://127.0.0.1:5101";
    public const string Funding = "http://127.0.0.1:5102";
    public const string Billing = "http://127.0.0.1:5103";
    private static readonly int[] ServicePorts = [5101, 5102, 5103, 5104];
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(4);

    private readonly PostgresServer postgres;
    private readonly RabbitMqServer rabbitMq;
    private readonly SupervisedProcess appHost;
    private readonly TextWriter log;
    private readonly string root;

    private StackUnderTest(string root, PostgresServer postgres, RabbitMqServer rabbitMq, SupervisedProcess appHost, TextWriter log)
    {
        this.root = root;
        this.postgres = postgres;
        this.rabbitMq = rabbitMq;
        this.appHost = appHost;
        this.log = log;
    }

    /// <summary>Where everything the AppHost and the services wrote is kept (after the run too), to look up the cause of an error.</summary>
    /// <summary>Whether <see cref="LogFile"/> stays after the run; it is deleted when nothing went wrong.</summary>
    public bool KeepLog { get; set; }

    public static string LogFile { get; } = Path.Combine(Path.GetTempPath(), $"pijar-load-bench-{Environment.ProcessId}.log");

    /// <summary>A superuser connection string to the server's maintenance database (for pgbench and the seeding's checks).</summary>
    public string Postgres => postgres.ConnectionString();

    public int PostgresPort => postgres.Port;

    /// <summary>CPU used so far by this run's PostgreSQL.</summary>
    public TimeSpan PostgresCpu => ProcessCpu.Postgres(Path.Combine(root, "pg"));

    /// <summary>CPU used so far by one of this run's services, e.g. <c>Registry</c>.</summary>
    public TimeSpan ServiceCpu(string service) => ProcessCpu.Service($"PijarSemar.{service}.Api.dll", postgres.Port);

    public static async Task<StackUnderTest> StartAsync()
    {
        if (ServicePorts.FirstOrDefault(port => !IsFree(port)) is var busy and not 0)
        {
            throw new InvalidOperationException($"Port {busy} is in use: the AppHost runs the services on 5101-5104; stop the stack that holds them (./run.sh) first.");
        }

        var log = TextWriter.Synchronized(new StreamWriter(LogFile) { AutoFlush = true });
        var root = Path.Combine(Path.GetTempPath(), $"pijar-load-bench-{Environment.ProcessId}");
        var postgresStart = PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(root, "pg"), FreePort.Next())
        {
            DeleteDataOnStop = true,
            Output = line => log.WriteLine($"postgres | {line}"),
        });
        var rabbitMqStart = RabbitMqServer.StartAsync(new RabbitMqServerOptions(Path.Combine(root, "mq"), FreePort.Next()) { DeleteDataOnStop = true });
        try
        {
            await Task.WhenAll(postgresStart, rabbitMqStart);
        }
        catch
        {
            // Both have finished starting: whichever did is stopped again, and the failure is what is reported.
            if (postgresStart.IsCompletedSuccessfully)
            {
                await postgresStart.Result.DisposeAsync();
            }

            if (rabbitMqStart.IsCompletedSuccessfully)
            {
                await rabbitMqStart.Result.DisposeAsync();
            }

            await log.DisposeAsync();
            throw;
        }

        var postgres = await postgresStart;
        var rabbitMq = await rabbitMqStart;

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appHost = SupervisedProcess.Start(new SupervisedProcessOptions(DotnetHost(), [BuildMetadata("AppHostAssembly")])
        {
            WorkingDirectory = BuildMetadata("RepositoryRoot"),
            Environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__postgres"] = postgres.ConnectionString(),
                ["ConnectionStrings__rabbitmq"] = rabbitMq.ConnectionString,
                // Inherited by the services: the 50 clients share one token subject, and the benchmark measures
                // throughput, not the per-caller write allowance (600 a minute) that guards against a runaway client.
                ["RateLimiting__Writes__PermitLimit"] = "100000000",
                ["NO_COLOR"] = "1",
            },
            Output = line =>
            {
                log.WriteLine(line);
                if (line.Contains("Stack ready", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            },
            RecentLineCount = 60,
            // The AppHost stops four services, each finishing its requests, before it exits.
            StopTimeout = TimeSpan.FromSeconds(60),
        });
        var stack = new StackUnderTest(root, postgres, rabbitMq, appHost, log);
        var started = await Task.WhenAny(ready.Task, appHost.Exited, Task.Delay(ReadyTimeout));
        if (started != ready.Task)
        {
            var lines = string.Join('\n', appHost.RecentOutput);
            stack.KeepLog = true;
            await stack.DisposeAsync();
            throw new InvalidOperationException(
                (started == appHost.Exited ? "The AppHost exited while starting" : $"The stack was not ready within {ReadyTimeout.TotalMinutes:0} minutes") + $". Its last lines (all of them in {LogFile}):\n{lines}");
        }

        return stack;
    }

    /// <summary>A development token, from the AppHost's own <c>token</c> command (signed with <c>.pijar/dev-signing-key</c>, which it hands to the services).</summary>
    public static async Task<string> TokenAsync(params string[] roles)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = BuildMetadata("RepositoryRoot"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { BuildMetadata("AppHostAssembly"), "token", "--subject", "load-bench" }.Concat(roles.SelectMany(role => new[] { "--role", role })))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"The AppHost's token command failed ({process.ExitCode}): {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        await appHost.DisposeAsync();
        await Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbitMq.DisposeAsync().AsTask());
        await log.DisposeAsync();
        if (!KeepLog)
        {
            File.Delete(LogFile);
        }

        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
        {
            Directory.Delete(root);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string BuildMetadata(string key) =>
        typeof(StackUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"LoadBench.csproj does not record {key}.");

    /// <summary>The dotnet running this benchmark when known, so the AppHost runs on the same SDK install (as the AppHost does for its services).</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
