// Times a billing run over 250,000 active allocations against a bare INSERT … SELECT of its lines.
// Usage: dotnet run -c Release --project bench/Billing.RunBench [-- <allocations>]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PijarSemar.Billing;
using PijarSemar.Billing.RunBench;
using PijarSemar.Billing.Runs;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Messaging;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
var warmUpMonth = new DateOnly(2026, 5, 1);
var month = new DateOnly(2026, 6, 1);

await using var database = await BenchDatabase.CreateAsync("billing", typeof(PijarSemar.Billing.Runs.BillingRunJob).Assembly);
Console.WriteLine($"Database: {database.Description}; PostgreSQL {await database.ServerVersionAsync()}");
await SampleAllocations.InsertAsync(database.DataSource, 2_000, warmUpMonth);
await SampleAllocations.InsertAsync(database.DataSource, count, month);
Console.WriteLine($"Allocations active in {month:yyyy-MM}: {count:N0}; payers: {SampleAllocations.Payers:N0}");

// The job as the service registers it, without the host: the runner never starts, the executor runs one item as it would.
var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddSingleton(database.DataSource)
    .AddSingleton<OutboxSignal>();
services.AddBillingRunProcessing();
await using var provider = services.BuildServiceProvider();
var executor = provider.GetRequiredService<BackgroundJobExecutor<BillingRunJob>>();

// JIT-compiles the code paths and warms the plans on a small month first, as a running service has.
await RunAsync(database.DataSource, executor, warmUpMonth);
var run = await RunAsync(database.DataSource, executor, month);
await Verify(database.DataSource, month, count);

await BareInsert.PrepareAsync(database.DataSource);
await BareInsert.TimeAsync(database.DataSource, month);
var bares = new List<TimeSpan>();
for (var i = 0; i < 3; i++)
{
    bares.Add(await BareInsert.TimeAsync(database.DataSource, month));
}

var bare = bares.Order().ElementAt(1);
Console.WriteLine();
Console.WriteLine($"Billing run (invoices, lines, events, one transaction): {run.TotalSeconds,6:0.00} s  {count / run.TotalSeconds,10:N0} lines/s");
Console.WriteLine($"Bare INSERT … SELECT of the same lines                : {bare.TotalSeconds,6:0.00} s  {count / bare.TotalSeconds,10:N0} lines/s"
    + $"  (median of {string.Join(", ", bares.Select(b => b.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s)");
Console.WriteLine($"Ratio run / bare insert                               : {run / bare,6:0.0}");
Console.WriteLine($"Targets: run < 10 s: {(run.TotalSeconds < 10 ? "met" : "MISSED")}; ratio <= 4: {(run / bare <= 4 ? "met" : "MISSED")}");

static async Task<TimeSpan> RunAsync(NpgsqlDataSource dataSource, BackgroundJobExecutor<BillingRunJob> executor, DateOnly month)
{
    var id = Guid.CreateVersion7();
    await using (var queue = dataSource.CreateCommand(
        "INSERT INTO billing_runs (id, period, status, requested_by, requested_at) VALUES (@id, @month, 'Queued', 'bench', now())"))
    {
        queue.Parameters.AddWithValue("id", id);
        queue.Parameters.AddWithValue("month", month);
        await queue.ExecuteNonQueryAsync();
    }

    var watch = Stopwatch.StartNew();
    var result = await executor.TryRunAsync(BillingRunJob.KeyOf(id), CancellationToken.None);
    watch.Stop();
    return result == JobRunResult.Completed ? watch.Elapsed : throw new InvalidOperationException($"The run of {month:yyyy-MM} ended {result}.");
}

static async Task Verify(NpgsqlDataSource dataSource, DateOnly month, int count)
{
    await using var command = dataSource.CreateCommand("""
        SELECT (SELECT count(*) FROM invoice_lines WHERE period = @month),
               (SELECT count(*) FROM invoices WHERE period = @month),
               (SELECT count(*) FROM outbox_messages o JOIN invoices i ON o.payload->>'invoiceId' = i.id::text WHERE i.period = @month),
               (SELECT count(*) FROM invoices i WHERE period = @month
                  AND total <> (SELECT sum(amount) FROM invoice_lines l WHERE l.invoice_id = i.id)),
               (SELECT status FROM billing_runs WHERE period = @month)
        """);
    command.Parameters.AddWithValue("month", month);
    command.CommandTimeout = 0;
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    var found = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4));
    if (found != (count, SampleAllocations.Payers, SampleAllocations.Payers, 0, "Completed"))
    {
        throw new InvalidOperationException(
            $"Expected {count} lines and {SampleAllocations.Payers} invoices and events, totals matching, Completed; got {found}.");
    }

    Console.WriteLine($"Verified: {count:N0} lines, {found.Item2:N0} invoices, {found.Item3:N0} ContributionInvoiceIssued events, every total = its lines, run Completed.");
}
