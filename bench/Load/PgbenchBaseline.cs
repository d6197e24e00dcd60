using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace PijarSemar.LoadBench;

/// <summary>
/// What the same PostgreSQL does without the services in front of it: pgbench with as many
/// clients, for as long, each transaction one statement (<c>-M extended</c>: parameters sent
/// apart, as Npgsql sends them). Insert: one row of a worker's size into a table with a uuid
/// primary key, as a registration writes its worker row. Select: one row by its primary key out
/// of 100,000. Every transaction's latency comes from pgbench's own log (<c>-l</c>), so the
/// percentiles are computed exactly as the services'.
/// </summary>
internal static class PgbenchBaseline
{
    public const string Database = "pgbench_baseline";
    private const int LookupRows = 100_000;

    private const string InsertScript = """
        INSERT INTO baseline_rows (id, nik, full_name, birth_date, kecamatan, occupation_code)
        VALUES (gen_random_uuid(), '3374010101900001', 'Siti Rahayu Kamori', date '1990-01-01', 'Semarang Tengah', 'tukang-becak');
        """;

    private static readonly string SelectScript = $"""
        \set id random(1, {LookupRows})
        SELECT id, nik, full_name, birth_date, kecamatan, occupation_code FROM baseline_lookup WHERE id = :id;
        """;

    public static async Task PrepareAsync(StackUnderTest stack)
    {
        await ExecuteAsync(stack.Postgres, $"CREATE DATABASE {Database}");
        await ExecuteAsync(new NpgsqlConnectionStringBuilder(stack.Postgres) { Database = Database }.ConnectionString, $"""
            CREATE TABLE baseline_rows (
                id uuid PRIMARY KEY, nik text NOT NULL, full_name text NOT NULL, birth_date date NOT NULL,
                kecamatan text NOT NULL, occupation_code text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE baseline_lookup (
                id bigint PRIMARY KEY, nik text NOT NULL, full_name text NOT NULL, birth_date date NOT NULL,
                kecamatan text NOT NULL, occupation_code text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO baseline_lookup (id, nik, full_name, birth_date, kecamatan, occupation_code)
            SELECT i, '3374' || lpad(i::text, 12, '0'), 'Siti Rahayu Kamori', date '1990-01-01', 'Semarang Tengah', 'tukang-becak'
            FROM generate_series(1, {LookupRows}) i;
            """);
        await ExecuteAsync(new NpgsqlConnectionStringBuilder(stack.Postgres) { Database = Database }.ConnectionString, "VACUUM ANALYZE baseline_lookup");
    }

    public static Task<LoadResult> InsertAsync(StackUnderTest stack, int clients, TimeSpan duration) =>
        RunAsync("pgbench: single-row INSERT", InsertScript, stack, clients, duration);

    public static Task<LoadResult> SelectAsync(StackUnderTest stack, int clients, TimeSpan duration) =>
        RunAsync("pgbench: SELECT by primary key", SelectScript, stack, clients, duration);

    private static async Task<LoadResult> RunAsync(string name, string script, StackUnderTest stack, int clients, TimeSpan duration)
    {
        var directory = Directory.CreateTempSubdirectory("pijar-load-pgbench-");
        try
        {
            var scriptFile = Path.Combine(directory.FullName, "script.sql");
            await File.WriteAllTextAsync(scriptFile, script);
            var start = new ProcessStartInfo("pgbench")
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "-h", "127.0.0.1", "-p", stack.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                "-n", "-M", "extended", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                "-T", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture), "-l", "--log-prefix", Path.Combine(directory.FullName, "tx"),
                "-f", scriptFile, Database,
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("pgbench is not installed (Debian: it comes with the postgresql-15 server package).", e);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await error}{await output}");
                }

                return Parse(name, clients, duration, directory, await output);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Each log line is <c>client transaction latency_us script epoch_s epoch_us</c> (a skipped or failed one has no number as latency).
    /// Throughput is over the <c>-T</c> duration, as pgbench's own tps without the connection time.
    /// </summary>
    private static LoadResult Parse(string name, int clients, TimeSpan duration, DirectoryInfo directory, string summary)
    {
        var latencies = new List<double>();
        var errors = 0;
        foreach (var file in directory.EnumerateFiles("tx.*"))
        {
            foreach (var line in File.ReadLines(file.FullName))
            {
                var fields = line.Split(' ');
                if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
                {
                    latencies.Add(micros / 1000.0);
                }
                else
                {
                    errors++;
                }
            }
        }

        var failed = summary.Split('\n').FirstOrDefault(l => l.StartsWith("number of failed transactions", StringComparison.Ordinal));
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(name, clients, duration, sorted, errors, failed is null ? [] : [failed.Trim()]);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }
}
