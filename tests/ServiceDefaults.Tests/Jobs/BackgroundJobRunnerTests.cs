using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Jobs;

/// <summary>The job runner against a real PostgreSQL, with instances as separate hosts on one database.</summary>
public sealed class BackgroundJobRunnerTests : IAsyncLifetime
{
    private const int LockSpace = 7_000_0001;
    private string _connectionString = "";
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabases.CreateAsync("jobs", typeof(IBackgroundJob).Assembly);
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await ExecuteAsync(TestJob.Schema);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
            await TestDatabases.DropAsync(_connectionString);
        }
    }

    [Fact]
    public async Task Two_runners_racing_over_the_same_items_run_each_item_exactly_once()
    {
        var keys = Enumerable.Range(1, 8).Select(i => $"item-{i}").ToArray();
        await QueueAsync(keys);

        await using var first = await StartRunnerAsync("first");
        await using var second = await StartRunnerAsync("second");
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<long>("SELECT count(*) FROM test_jobs WHERE status = 'Completed'") == keys.Length ? "done" : null,
            TimeSpan.FromSeconds(30),
            "every item to complete");

        Assert.Equal(keys.Length, await ScalarAsync<long>("SELECT count(*) FROM test_job_runs"));
        Assert.Equal(keys.Length, await ScalarAsync<long>("SELECT count(DISTINCT key) FROM test_job_runs"));
        Assert.Equal(keys.Length, await ScalarAsync<long>("SELECT sum(attempts) FROM test_jobs"));
    }

    [Fact]
    public async Task A_failing_item_is_tried_up_to_the_maximum_then_marked_failed_with_its_error()
    {
        var key = TestJob.FailingPrefix + "ledger";
        await QueueAsync([key, "after-it"]);

        await using var runner = await StartRunnerAsync("only", maxAttempts: 3);
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<string>("SELECT status FROM test_jobs WHERE key = @key", key) == "Failed" ? "failed" : null,
            TimeSpan.FromSeconds(30),
            "the failing item to be given up");
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<string>("SELECT status FROM test_jobs WHERE key = 'after-it'") == "Completed" ? "done" : null,
            TimeSpan.FromSeconds(30),
            "the next item to run once the failing one is given up");

        Assert.Equal(3, await ScalarAsync<int>("SELECT attempts FROM test_jobs WHERE key = @key", key));
        Assert.Equal("The ledger is closed for the night.", await ScalarAsync<string>("SELECT failure FROM test_jobs WHERE key = @key", key));
        Assert.Equal(3L, await ScalarAsync<long>("SELECT count(*) FROM test_job_runs WHERE key = @key", key));
    }

    [Fact]
    public async Task An_item_left_running_by_a_crashed_instance_waits_while_its_lock_is_held_and_is_then_resumed()
    {
        await ExecuteAsync("INSERT INTO test_jobs (key, status, attempts) VALUES ('left-running', 'Running', 1)");
        await using var crashed = await DataSource.OpenConnectionAsync();
        await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(@space, hashtext('left-running'))", crashed))
        {
            hold.Parameters.AddWithValue("space", LockSpace);
            await hold.ExecuteNonQueryAsync();
        }

        await using var runner = await StartRunnerAsync("survivor");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var whileHeld = await ScalarAsync<long>("SELECT count(*) FROM test_job_runs");

        // The crashed instance's connection goes, and its session lock with it.
        await crashed.CloseAsync();
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<string>("SELECT status FROM test_jobs WHERE key = 'left-running'") == "Completed" ? "done" : null,
            TimeSpan.FromSeconds(30),
            "the item to be resumed");

        Assert.Equal(0L, whileHeld);
        Assert.Equal(2, await ScalarAsync<int>("SELECT attempts FROM test_jobs WHERE key = 'left-running'"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM test_job_runs WHERE key = 'left-running' AND attempt = 2"));
    }

    [Fact]
    public async Task An_item_whose_every_attempt_was_interrupted_is_marked_failed_without_running_again()
    {
        await ExecuteAsync("INSERT INTO test_jobs (key, status, attempts) VALUES ('kills-its-instance', 'Running', 3)");

        await using var runner = await StartRunnerAsync("survivor", maxAttempts: 3);
        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<string>("SELECT status FROM test_jobs WHERE key = 'kills-its-instance'") == "Failed" ? "failed" : null,
            TimeSpan.FromSeconds(30),
            "the item to be given up");

        Assert.Equal("interrupted 3 times", await ScalarAsync<string>("SELECT failure FROM test_jobs WHERE key = 'kills-its-instance'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM test_job_runs"));
    }

    [Fact]
    public async Task A_signal_wakes_the_runner_before_its_next_poll()
    {
        await using var runner = await StartRunnerAsync("only", pollInterval: TimeSpan.FromMinutes(5));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await QueueAsync(["signalled"]);

        runner.Services.GetRequiredService<JobSignal<TestJob>>().Notify();

        await Eventually.ReturnsAsync(
            async () => await ScalarAsync<string>("SELECT status FROM test_jobs WHERE key = 'signalled'") == "Completed" ? "done" : null,
            TimeSpan.FromSeconds(10),
            "the signalled item to run long before the five-minute poll");
    }

    [Theory]
    [InlineData("-00:00:01", 3, "PollInterval")]
    [InlineData("00:00:00", 3, "PollInterval")]
    [InlineData("00:00:01", 0, "MaxAttempts")]
    public async Task Nonsensical_settings_stop_the_start_naming_the_setting(string pollInterval, int maxAttempts, string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartRunnerAsync("misconfigured", TimeSpan.Parse(pollInterval, System.Globalization.CultureInfo.InvariantCulture), maxAttempts));

        Assert.Contains($"Background job test-jobs: {setting} must", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An instance of a service that runs the test job: a host of its own, stopped when the test ends.</summary>
    private async Task<RunningHost> StartRunnerAsync(string name, TimeSpan? pollInterval = null, int maxAttempts = 5)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(DataSource);
        builder.Services.AddSingleton(new TestRunner(name));
        builder.Services.AddBackgroundJob<TestJob>("test-jobs", LockSpace).Configure(options =>
        {
            options.PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100);
            options.MaxAttempts = maxAttempts;
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return new RunningHost(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private async Task QueueAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            await using var command = DataSource.CreateCommand("INSERT INTO test_jobs (key) VALUES (@key)");
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, string? key = null)
    {
        await using var command = DataSource.CreateCommand(sql);
        if (key is not null)
        {
            command.Parameters.AddWithValue("key", key);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed class RunningHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
