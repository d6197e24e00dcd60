using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.Registry.ImportBench;

/// <summary>The floor an import is measured against: the same rows copied in binary into a bare table, without any index.</summary>
internal static class RawCopy
{
    public static async Task<TimeSpan> TimeAsync(NpgsqlDataSource dataSource, IReadOnlyList<SampleWorker> workers)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bare_workers;
            CREATE TABLE bare_workers (nik text, full_name text, birth_date date, sex text, phone text, address text,
                                       kecamatan text, kelurahan text, occupation_code text, p3ke_listed boolean)
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var elapsed = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY bare_workers (nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan, occupation_code, p3ke_listed) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var w in workers)
            {
                await copy.StartRowAsync();
                await WriteColumnsAsync(copy, w);
            }

            await copy.CompleteAsync();
        }

        return elapsed.Elapsed;
    }

    /// <summary>The ten columns a CSV row carries, in the order both floors list them.</summary>
    public static async Task WriteColumnsAsync(NpgsqlBinaryImporter copy, SampleWorker w)
    {
        await copy.WriteAsync(w.Nik, NpgsqlDbType.Text);
        await copy.WriteAsync(w.FullName, NpgsqlDbType.Text);
        await copy.WriteAsync(w.BirthDate, NpgsqlDbType.Date);
        await copy.WriteAsync(w.Sex, NpgsqlDbType.Text);
        await copy.WriteAsync(w.Phone, NpgsqlDbType.Text);
        await copy.WriteAsync(w.Address, NpgsqlDbType.Text);
        await copy.WriteAsync(w.Kecamatan, NpgsqlDbType.Text);
        await copy.WriteAsync(w.Kelurahan, NpgsqlDbType.Text);
        await copy.WriteAsync(w.OccupationCode, NpgsqlDbType.Text);
        await copy.WriteAsync(w.P3keListed, NpgsqlDbType.Boolean);
    }
}
