using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace PijarSemar.LocalServers.Tests;

public sealed class ProcessCleanupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stopped_servers_leave_no_process_of_theirs_behind_in_any_state()
    {
        var root = ServerPair.NewRoot();
        try
        {
            var servers = await ServerPair.StartAsync(root);
            var running = ProcessTable.Matching(servers.Markers);
            var directories = servers.DataDirectories.ToList();

            var (postgresStop, rabbitMqStop) = await servers.StopOneByOneAsync();
            output.WriteLine($"PostgreSQL stopped in {postgresStop.TotalSeconds:0.0} s, RabbitMQ in {rabbitMqStop.TotalSeconds:0.0} s.");

            Assert.True(running.Count >= 4, $"Expected supervisors, postgres and beam, saw: {string.Join("; ", running)}");
            Assert.Empty(await ProcessTable.LeftAfterAsync(running, servers.Markers, TimeSpan.FromSeconds(5)));
            Assert.All(directories, directory => Assert.False(Directory.Exists(directory), directory));
            // Their clean shutdowns take a second or two; the 15 s grace ends only a stuck one.
            Assert.InRange(postgresStop, TimeSpan.Zero, TimeSpan.FromSeconds(8));
            Assert.InRange(rabbitMqStop, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        }
        finally
        {
            DeleteRoot(root);
        }
    }

    [Fact]
    public async Task Servers_whose_owner_is_killed_stop_within_seconds_and_leave_nothing_behind()
    {
        var root = ServerPair.NewRoot();
        using var owner = StartOwner(Program.OwnServers, root);
        try
        {
            await WaitUntilReadyAsync(owner);
            IReadOnlyList<string> markers = [root];
            var running = ProcessTable.Matching(markers);

            owner.Kill();
            await owner.WaitForExitAsync();
            var stopping = Stopwatch.StartNew();
            var left = await ProcessTable.LeftAfterAsync(running, markers, TimeSpan.FromSeconds(10));

            Assert.True(running.Count >= 5, $"Expected the owner, supervisors, postgres and beam, saw: {string.Join("; ", running)}");
            Assert.True(left.Count == 0, $"Left after {stopping.Elapsed.TotalSeconds:0.0} s: {string.Join("; ", left)}");
            output.WriteLine($"Everything stopped {stopping.Elapsed.TotalSeconds:0.0} s after the owner was killed.");
            Assert.False(Directory.Exists(Path.Combine(root, "postgres")), "The owner-less PostgreSQL's throw-away data was kept.");
            Assert.False(Directory.Exists(Path.Combine(root, "rabbitmq")), "The owner-less broker's throw-away data was kept.");
        }
        finally
        {
            if (!owner.HasExited)
            {
                owner.Kill();
            }
            DeleteRoot(root);
        }
    }

    [Fact]
    public async Task A_test_run_that_ends_leaves_no_process_of_its_servers_behind()
    {
        using var run = StartOwner(Program.UseTestServers);
        await WaitUntilReadyAsync(run);
        // Its servers live in /tmp/pijar-test-{pid}-…, and carry that in a command line, environment or working directory.
        IReadOnlyList<string> markers = [$"pijar-test-{run.Id}-"];
        var running = ProcessTable.Matching(markers);

        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var left = await ProcessTable.LeftAfterAsync(running, markers, TimeSpan.FromSeconds(5));

        Assert.True(running.Count >= 4, $"Expected supervisors, postgres and beam, saw: {string.Join("; ", running)}");
        Assert.True(left.Count == 0, $"Left after the run ended: {string.Join("; ", left)}");
    }

    private static Process StartOwner(params string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var startInfo = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the owner process.");
    }

    private static async Task WaitUntilReadyAsync(Process owner)
    {
        var errors = owner.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await owner.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line == Program.ReadyLine)
            {
                return;
            }
        }
        throw new InvalidOperationException($"The owner exited with code {owner.ExitCode} before its servers were ready: {await errors}");
    }

    private static void DeleteRoot(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted already, or being deleted by a supervisor's cleanup.
        }
    }
}
