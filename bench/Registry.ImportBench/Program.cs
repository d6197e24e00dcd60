// Times a 250,000-worker import end to end against a binary COPY of the same rows into a table
// like workers (the indexed COPY floor), in the same run, and prints the ratio (target <= 1.5).
// Three rounds, each floor then import on the same freshly emptied registry: one run of either
// varies by a tenth on a virtual machine, so the median ratio is the figure.
// Usage: dotnet run -c Release --project bench/Registry.ImportBench [-- <rows> [<rounds>]]
using System.Globalization;
using Npgsql;
using PijarSemar.Registry.ImportBench;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Generating {rows:N0} valid workers…");
var workers = SampleWorkers.Make(rows);
var csv = SampleWorkers.ToCsv(workers);
Console.WriteLine($"CSV: {csv.Length / 1024.0 / 1024.0:0.0} MB");

await using var database = await BenchDatabase.CreateAsync("import", typeof(PijarSemar.Registry.WorkerImports.WorkerImportProcessor).Assembly);
Console.WriteLine($"Database: {database.Description}; PostgreSQL {await database.ServerVersionAsync()}");
using var run = new ImportRun(database.DataSource);

var warmUp = SampleWorkers.ToCsv(SampleWorkers.Make(2_000, serialOffset: 9_000));

// Brings the code to the state of a service that has run imports before: the reference data
// loaded, and the import's code compiled at its top tier. The runtime recompiles a method after
// 30 calls, and most of the import's run once per chunk, so only a whole import gets there; one
// of 2,000 rows left 2.5 s of compiling on the two cores during the first timed import.
await run.ImportAsync(csv);
await EmptyRegistryAsync(database.DataSource);
await run.ImportAsync(warmUp);
await RawCopy.TimeAsync(database.DataSource, workers);

// The median of three: a COPY this short varies from run to run on a shared machine.
var copies = new List<TimeSpan>();
for (var i = 0; i < 3; i++)
{
    copies.Add(await RawCopy.TimeAsync(database.DataSource, workers));
}

var copy = copies.Order().ElementAt(1);
Console.WriteLine($"Raw binary COPY, bare table: {copy.TotalSeconds:0.00} s, {rows / copy.TotalSeconds:N0} rows/s"
    + $" (median of {string.Join(", ", copies.Select(c => c.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s)");

var ratios = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    if (round > 1)
    {
        await EmptyRegistryAsync(database.DataSource);
        await run.ImportAsync(warmUp);
    }

    var indexedCopy = await IndexedCopy.TimeAsync(database.DataSource, workers);
    var import = await run.ImportAsync(csv);
    await Verify(database.DataSource, import, rows);
    ratios.Add(import.Total / indexedCopy);
    Console.WriteLine($"Round {round}: indexed COPY floor {indexedCopy.TotalSeconds:0.00} s ({rows / indexedCopy.TotalSeconds:N0} rows/s);"
        + $" import {import.Total.TotalSeconds:0.00} s ({rows / import.Total.TotalSeconds:N0} rows/s) = upload check + store {import.Upload.TotalSeconds:0.00} s"
        + $" + validate, look up, COPY {import.Processing.TotalSeconds:0.00} s; ratio {import.Total / indexedCopy:0.00}, to the bare COPY {import.Total / copy:0.0}");
}

var median = ratios.Order().ElementAt(ratios.Count / 2);
Console.WriteLine();
Console.WriteLine($"Ratio import / indexed COPY, median of {ratios.Count}: {median:0.00} ({string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))})");
Console.WriteLine($"Target import <= 1.5 x indexed COPY: {(median <= 1.5 ? "met" : "MISSED")}");

// Back to the registry the first round met: the warm-up's workers only, no event, no import.
static async Task EmptyRegistryAsync(NpgsqlDataSource dataSource)
{
    await using var command = dataSource.CreateCommand(
        "TRUNCATE workers, possible_duplicates, worker_imports, worker_import_rejections, worker_import_rejected_rows, worker_import_file_chunks, outbox_messages, audit_log CASCADE");
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
}

static async Task Verify(NpgsqlDataSource dataSource, ImportTiming timing, int rows)
{
    await using var command = dataSource.CreateCommand("""
        SELECT (SELECT count(*) FROM workers WHERE import_id = @id),
               (SELECT count(*) FROM outbox_messages WHERE payload->>'importId' = @id::text),
               (SELECT count(*) FROM outbox_messages o CROSS JOIN jsonb_array_elements(o.payload->'workers') AS w
                JOIN workers ON workers.id = (w->>'workerId')::uuid
                WHERE o.payload->>'importId' = @id::text AND workers.import_id = @id),
               (SELECT count(*) FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id),
               (SELECT count(*) FROM possible_duplicates p JOIN workers w ON w.id = p.worker_id WHERE w.import_id = @id)
        """);
    command.Parameters.AddWithValue("id", timing.Import.Id);
    command.CommandTimeout = 0;
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    var counts = (Workers: reader.GetInt64(0), Events: reader.GetInt64(1), InEvents: reader.GetInt64(2), Audit: reader.GetInt64(3));
    var batches = (rows + 999) / 1000;
    if (timing.Import.Accepted != rows || timing.Import.Rejected != 0 || counts != (rows, batches, rows, 1))
    {
        throw new InvalidOperationException(
            $"Expected {rows} workers in {batches} WorkersImported events and 1 audit entry; got accepted {timing.Import.Accepted}, rejected {timing.Import.Rejected}, {counts}.");
    }

    Console.WriteLine($"Verified: {rows:N0} workers, each in one of {batches:N0} WorkersImported events, 1 audit entry for the import, 0 rejections; "
        + $"{reader.GetInt64(4):N0} flagged as possible duplicates.");
}
