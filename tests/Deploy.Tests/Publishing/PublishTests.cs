using System.Diagnostics;
using System.Net;
using System.Reflection;
using PijarSemar.Deploy.Tests.Manifests;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Deploy.Tests.Publishing;

/// <summary>
/// Each service published as the image publishes it, then started from the published files alone
/// on an empty database: a dependency or embedded migration the publish drops fails here, not in the cluster.
/// </summary>
public sealed class PublishTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The four at once: each publish and start waits mostly on I/O and on its own process.</summary>
    [Fact]
    public Task Every_published_service_migrates_an_empty_database_and_becomes_ready_from_its_published_files() =>
        Task.WhenAll(
            PublishedServiceBecomesReadyAsync("Registry.Api", "registry"),
            PublishedServiceBecomesReadyAsync("Funding.Api", "funding"),
            PublishedServiceBecomesReadyAsync("Billing.Api", "billing"),
            PublishedServiceBecomesReadyAsync("Claims.Api", "claims"));

    private static async Task PublishedServiceBecomesReadyAsync(string project, string service)
    {
        var output = Directory.CreateTempSubdirectory($"pijar-publish-{service}-");
        var database = await TestDatabases.CreateEmptyAsync(service);
        try
        {
            await PublishAsync(project, output.FullName);
            Assert.True(File.Exists(Path.Combine(output.FullName, $"PijarSemar.{project}.dll")), $"{project}: the image starts this assembly");
            Assert.True(File.Exists(Path.Combine(output.FullName, "appsettings.json")), $"{project}: the service reads its settings from it");

            await using var running = StartPublished(output.FullName, project, service, database, await TestServers.RabbitMqAsync(), out var url);
            await WaitUntilReadyAsync(running, url);
            Assert.True(MigrationFiles(project) == await AppliedMigrationsAsync(database), $"{project} applied all of its migrations");
        }
        finally
        {
            await TestDatabases.DropAsync(database);
            output.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The Dockerfile's publish, from the build the test run already made (<c>--no-build</c>), so
    /// the check costs seconds; the Release compile it skips is the same source.
    /// </summary>
    private static async Task PublishAsync(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", Path.Combine(Kustomize.Root, "src", project, $"{project}.csproj"),
                "--no-build", "-c", BuildConfiguration(), "-o", output, "-p:UseAppHost=false", "-nologo",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var messages = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish {project} failed ({process.ExitCode}):\n{await messages}\n{await errors}");
    }

    private static SupervisedProcess StartPublished(
        string directory, string project, string service, string database, string broker, out string url)
    {
        url = $"http://127.0.0.1:{FreePort.Next()}";
        return SupervisedProcess.Start(new("dotnet", [Path.Combine(directory, $"PijarSemar.{project}.dll")])
        {
            WorkingDirectory = directory,
            Environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = url,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                [$"ConnectionStrings__{service}"] = database,
                ["ConnectionStrings__rabbitmq"] = broker,
                ["Messaging__EndpointPrefix"] = $"publish-{Guid.NewGuid():N}"[..20],
                ["Auth__SigningKey"] = TestTokens.SigningKey,
                ["Auth__Audience"] = ServiceIdentity.AudienceFor(service),
            },
        });
    }

    private static async Task WaitUntilReadyAsync(SupervisedProcess running, string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(running.Exited.IsCompleted, $"{url}: the published service exited:\n{string.Join('\n', running.RecentOutput)}");
            try
            {
                using var response = await http.GetAsync(new Uri($"{url}/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // No answer in time; ask again.
            }

            Assert.True(waited.Elapsed < ReadyTimeout,
                $"{url}: the published service was not ready within {ReadyTimeout.TotalSeconds:0} s:\n{string.Join('\n', running.RecentOutput)}");
            await Task.Delay(250);
        }
    }

    /// <summary>The service's migrations and the shared ones, as the source tree has them.</summary>
    private static long MigrationFiles(string project) =>
        Directory.GetFiles(Path.Combine(Kustomize.Root, "src", project, "Data", "Migrations"), "*.sql").Length
        + Directory.GetFiles(Path.Combine(Kustomize.Root, "src", "ServiceDefaults", "Migrations"), "*.sql").Length;

    private static async Task<long> AppliedMigrationsAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string BuildConfiguration() =>
        typeof(PublishTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
