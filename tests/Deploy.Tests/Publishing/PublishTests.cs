using System.Diagnostics;
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

            var settings = new ServiceSettings(
                service, new Uri($"http://127.0.0.1:{FreePort.Next()}"), database, await TestServers.RabbitMqAsync(),
                TestTokens.SigningKey, ServiceIdentity.AudienceFor(service))
            {
                Configuration = new Dictionary<string, string> { ["Messaging:EndpointPrefix"] = $"publish-{Guid.NewGuid():N}"[..20] },
            };
            var published = new ServiceBuild(service, output.FullName, Path.Combine(output.FullName, $"PijarSemar.{project}.dll"));
            await using (var running = ServiceProcess.Start(published, settings, _ => { }))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                // It gives up, with the service's last lines, after its own minute.
                await running.WaitUntilHealthyAsync(http, ["/health/ready"], CancellationToken.None);
            }

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
