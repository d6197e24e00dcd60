using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

public sealed class HostStartOrderTests : EmptyDatabase
{
    [Fact]
    public async Task Migrations_run_before_any_hosted_service_starts_even_when_messaging_is_added_first()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe"] = ConnectionString,
            ["ConnectionStrings:rabbitmq"] = await TestServers.RabbitMqAsync(),
            ["Messaging:EndpointPrefix"] = $"probe-{Guid.NewGuid():N}",
        });
        // Stands for a consumer registered by a service before its database.
        builder.Services.AddHostedService<SchemaProbe>();
        builder.Services.AddSingleton<SchemaProbe.Seen>();
        builder.AddMessaging<ProbeDbContext>("probe", typeof(HostStartOrderTests).Assembly, type => type.Namespace == typeof(HostStartOrderTests).Namespace);
        builder.AddServiceDatabase<ProbeDbContext>("probe", typeof(HostStartOrderTests).Assembly);
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.True(host.Services.GetRequiredService<SchemaProbe.Seen>().Outbox, "The outbox table did not exist when the first hosted service started.");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class SchemaProbe(NpgsqlDataSource dataSource, SchemaProbe.Seen seen) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var command = dataSource.CreateCommand("SELECT to_regclass('outbox_messages') IS NOT NULL");
            seen.Outbox = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public sealed class Seen
        {
            public bool Outbox { get; set; }
        }
    }

    private sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options);
}
