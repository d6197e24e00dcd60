// Drains an outbox backlog of 250,000 WorkerRegistered rows through the real dispatcher into RabbitMQ.
// Usage: dotnet run -c Release --project bench/Outbox.DispatchBench [-- <rows> [<replicas>]]
// Outbox settings can be changed as in a service, e.g. Outbox__PublishConcurrency=128.
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PijarSemar.Outbox.DispatchBench;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
var replicas = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;

Console.WriteLine("Starting a throw-away PostgreSQL and RabbitMQ…");
await using var servers = await BenchServers.StartAsync();
await using var counted = await CountingQueue.BindAsync(servers.Broker);

var insert = Stopwatch.StartNew();
await Backlog.InsertAsync(servers.DataSource, rows);
Console.WriteLine($"Backlog: {rows:N0} WorkerRegistered rows written in {insert.Elapsed.TotalSeconds:0.0} s");

var hosts = Enumerable.Range(0, replicas).Select(_ => BuildDispatcher(servers)).ToList();
var options = hosts[0].Services.GetRequiredService<IOptions<OutboxOptions>>().Value;
Console.WriteLine($"Dispatchers: {replicas}; batch {options.BatchSize}, {options.PublishConcurrency} publishes awaiting confirms at once, "
    + $"lease {options.LeaseDuration.TotalSeconds:0} s; publisher confirms, mandatory, persistent messages");

var drain = Stopwatch.StartNew();
await Task.WhenAll(hosts.Select(h => h.StartAsync()));
long pending;
var lastReport = TimeSpan.Zero;
while ((pending = await Backlog.PendingAsync(servers.DataSource)) > 0)
{
    if (drain.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
    {
        lastReport = drain.Elapsed;
        Console.WriteLine($"  {drain.Elapsed.TotalSeconds,6:0} s: {rows - pending,9:N0} published, {(rows - pending) / drain.Elapsed.TotalSeconds,8:N0} events/s");
    }

    await Task.Delay(200);
}

var published = drain.Elapsed;
uint routed;
while ((routed = await counted.CountAsync()) < rows && drain.Elapsed - published < TimeSpan.FromSeconds(30))
{
    await Task.Delay(100);
}

var dead = await Backlog.DeadAsync(servers.DataSource);
foreach (var host in hosts)
{
    await host.StopAsync();
    host.Dispose();
}

Console.WriteLine();
Console.WriteLine($"Backlog drained (every row marked published): {published.TotalSeconds,7:0.0} s  {rows / published.TotalSeconds,8:N0} events/s");
Console.WriteLine($"Messages in the bound queue                 : {routed,9:N0} of {rows:N0}; dead rows: {dead}");
if (routed != rows || dead != 0)
{
    Console.WriteLine("MISMATCH: every row must reach the queue exactly once.");
    return 1;
}

return 0;

static IHost BuildDispatcher(BenchServers servers)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:outbox"] = servers.Database,
        ["ConnectionStrings:rabbitmq"] = servers.Broker,
    });
    builder.Configuration.AddEnvironmentVariables();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.AddServiceDatabase<BenchDbContext>("outbox", typeof(BenchDbContext).Assembly);
    builder.AddMessaging<BenchDbContext>("outbox-bench", typeof(BenchDbContext).Assembly);
    return builder.Build();
}

internal sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.MapServiceDefaultsTables().UseSnakeCaseNames();
}
