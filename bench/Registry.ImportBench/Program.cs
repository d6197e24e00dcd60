// Times a 250,000-worker import end to end against a binary COPY of the same rows into a table
// like workers (the indexed COPY floor), in the same run, and prints the ratio (target <= 1.5).
// Usage: dotnet run -c Release --project bench/Registry.ImportBench [-- <rows>]
using System.Globalization;
using Npgsql;
using PijarSemar.Registry.ImportBench;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
Console.WriteLine($"Generating {rows:N0} valid workers…");
var workers = SampleWorkers.Make(rows);
var csv = SampleWorkers.ToCsv(workers);
Console.WriteLine($"CSV: {csv.Length / 1024.0 / 1024.0:0.0} MB");

await using var database = await BenchDatabase.CreateAsync("import", typeof(PijarSemar.Registry.WorkerImports.WorkerImportProcessor).Assembly);
Console.WriteLine($"Database: {database.Description}; PostgreSQL {await database.ServerVersionAsync()}");
using var run = new ImportRun(database.DataSource);

// JIT-compiles the code paths and loads the reference data, as a running service has.
await run.ImportAsync(SampleWorkers.ToCsv(SampleWorkers.Make(2_000, serialOffset: 9_000)));
await RawCopy.TimeAsync(database.DataSource, workers);

// The median of three: a COPY this short varies from run to run on a shared machine.
var copies = new List<TimeSpan>();
for (var i = 0; i < 3; i++)
{
    copies.Add(await RawCopy.TimeAsync(database.DataSource, workers));
}

var copy = copies.Order().ElementAt(1);
var indexedCopy = await IndexedCopy.TimeAsync(database.DataSource, workers);
var import = await run.ImportAsync(csv);
await Verify(database.DataSource, import, rows);

Console.WriteLine();
Console.WriteLine($"Raw binary COPY, bare table : {copy.TotalSeconds,7:0.00} s  {rows / copy.TotalSeconds,10:N0} rows/s"
    + $"  (median of {string.Join(", ", copies.Select(c => c.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s)");
Console.WriteLine($"Indexed COPY floor (a table like workers): {indexedCopy.TotalSeconds,5:0.00} s  {rows / indexedCopy.TotalSeconds,10:N0} rows/s  (its indexes, search column, checks)");
Console.WriteLine($"Import: upload check + store: {import.Upload.TotalSeconds,7:0.00} s");
Console.WriteLine($"Import: validate + COPY + SQL: {import.Processing.TotalSeconds,6:0.00} s");
Console.WriteLine($"Import: total               : {import.Total.TotalSeconds,7:0.00} s  {rows / import.Total.TotalSeconds,10:N0} rows/s");
Console.WriteLine($"Ratio import / indexed COPY : {import.Total / indexedCopy,7:0.00}   (processing only: {import.Processing / indexedCopy:0.00})");
Console.WriteLine($"Ratio import / bare COPY    : {import.Total / copy,7:0.0}");
Console.WriteLine($"Target import <= 1.5 x indexed COPY: {(import.Total / indexedCopy <= 1.5 ? "met" : "MISSED")}");

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
