using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace PijarSemar.LocalServers;

/// <summary>
/// A real RabbitMQ node run from the local binaries, with its own node name, ports, directories
/// and epmd (on a private port, so stopping the node can stop the epmd it started too).
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string StartupComplete = "Server startup complete";

    // Generous: a test run starts several brokers at once on two busy cores.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly RabbitMqServerOptions options;
    private readonly RabbitMqBinaries binaries;
    private readonly string baseDirectory;
    private readonly int distributionPort;
    private readonly SemaphoreSlim gate = new(1, 1);
    private SupervisedProcess? node;
    private int epmdPort;

    private RabbitMqServer(RabbitMqServerOptions options, RabbitMqBinaries binaries)
    {
        this.options = options;
        this.binaries = binaries;
        baseDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.BaseDirectory));
        distributionPort = options.DistributionPort ?? FreePort.Next();
        NodeName = options.NodeName ?? $"pijar-{options.Port}@localhost";
    }

    public int Port => options.Port;

    public string NodeName { get; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>Completes when the running node exits, whether stopped or crashed.</summary>
    public Task<int> Exited => node?.Exited ?? Task.FromResult(0);

    public IReadOnlyList<string> RecentOutput => node?.RecentOutput ?? [];

    /// <summary>Throws <see cref="MissingBinariesException"/> when RabbitMQ or epmd is not installed.</summary>
    public static void EnsureInstalled() => RabbitMqBinaries.Locate();

    public static async Task<RabbitMqServer> StartAsync(RabbitMqServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new RabbitMqServer(options, RabbitMqBinaries.Locate());
        try
        {
            await server.StartNodeAsync(ct);
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Stops the node if it runs, then starts it again with the same name, ports and data.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            await StopNodeAsync(keepData: true);
            await StartNodeAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stops the node; a throw-away broker's data is deleted.</summary>
    public Task StopAsync() => StopAsync(keepData: false);

    /// <summary>
    /// Stops the node; with <paramref name="keepData"/> even a throw-away broker keeps its queues,
    /// so a test can simulate an outage and bring the same broker back with <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync(bool keepData)
    {
        await gate.WaitAsync();
        try
        {
            await StopNodeAsync(keepData);
            if (options.DeleteDataOnStop && !keepData)
            {
                ThrowAwayDirectories.Delete(baseDirectory);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StartNodeAsync(CancellationToken ct)
    {
        if (options.DeleteDataOnStop)
        {
            ThrowAwayDirectories.Claim(baseDirectory);
        }
        Directory.CreateDirectory(baseDirectory);
        WriteConfiguration();
        epmdPort = FreePort.Next();
        var startupLogged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node = SupervisedProcess.Start(new(binaries.Server, [])
        {
            WorkingDirectory = baseDirectory,
            Environment = NodeEnvironment(),
            Output = line =>
            {
                if (line.Contains(StartupComplete, StringComparison.Ordinal))
                {
                    startupLogged.TrySetResult();
                }
                options.Output?.Invoke(line);
            },
            StopTimeout = StopTimeout,
            Cleanup = options.DeleteDataOnStop
                ? [EpmdKillCommand(), ThrowAwayDirectories.DeleteCommand(baseDirectory)]
                : [EpmdKillCommand()],
        });
        await WaitUntilReadyAsync(node, startupLogged.Task, ct);
    }

    private async Task WaitUntilReadyAsync(SupervisedProcess starting, Task startupLogged, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (starting.Exited.IsCompleted)
            {
                throw ServerStartException.WithOutput(
                    $"RabbitMQ node {NodeName} exited with code {await starting.Exited} while starting.", starting.RecentOutput);
            }
            if (startupLogged.IsCompleted && await AcceptsConnectionsAsync(ct))
            {
                return;
            }
            if (waited.Elapsed > StartTimeout)
            {
                throw ServerStartException.WithOutput(
                    $"RabbitMQ node {NodeName} was not ready after {StartTimeout.TotalSeconds:0} s.", starting.RecentOutput);
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>A bare TCP connect: sending an AMQP header and hanging up would log a warning each start.</summary>
    private async Task<bool> AcceptsConnectionsAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task StopNodeAsync(bool keepData)
    {
        if (node is null)
        {
            return;
        }
        // Without keepData the supervisor runs the cleanup (epmd, throw-away data) itself, so it
        // completes even if this process dies right after asking.
        await node.StopAsync(runCleanup: !keepData);
        await node.DisposeAsync();
        node = null;
        // The epmd the node started daemonised itself out of the node's process group.
        var epmdKill = EpmdKillCommand();
        await Command.RunAsync(epmdKill[0], epmdKill[1..]);
    }

    private string[] EpmdKillCommand() => [binaries.Epmd, "-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-kill"];

    private void WriteConfiguration()
    {
        File.WriteAllText(Path.Combine(baseDirectory, "rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{Port}\n");
        File.WriteAllText(Path.Combine(baseDirectory, "enabled_plugins"), "[].\n");
        // Empty, so /etc/rabbitmq/rabbitmq-env.conf (the system node's settings) is not read.
        File.WriteAllText(Path.Combine(baseDirectory, "rabbitmq-env.conf"), string.Empty);
    }

    private Dictionary<string, string> NodeEnvironment() => new()
    {
        ["HOME"] = baseDirectory, // the Erlang cookie is created here
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(baseDirectory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(baseDirectory, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(baseDirectory, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(baseDirectory, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(baseDirectory, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(baseDirectory, "rabbitmq-env.conf"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["ERL_CRASH_DUMP"] = Path.Combine(baseDirectory, "log", "erl_crash.dump"),
    };
}
