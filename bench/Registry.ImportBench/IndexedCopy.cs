using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.Registry.ImportBench;

/// <summary>
/// A second floor, for reading the ratio: the same rows copied in binary into a table shaped
/// exactly like <c>workers</c> (its indexes, generated search column and checks), with no event,
/// audit entry, validation or duplicate detection. What the import adds on top is the rest.
/// </summary>
internal static class IndexedCopy
{
    public static async Task<TimeSpan> TimeAsync(NpgsqlDataSource dataSource, IReadOnlyList<SampleWorker> workers)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS indexed_workers;
            CREATE TABLE indexed_workers (LIKE workers INCLUDING ALL)
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var elapsed = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY indexed_workers (id, nik, full_name, birth_date, sex, phone, address, kecamatan, kelurahan, occupation_code,
                                  p3ke_listed, status, registered_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var w in workers)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                await RawCopy.WriteColumnsAsync(copy, w);
                await copy.WriteAsync("Registered", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        var time = elapsed.Elapsed;
        await using (var drop = new NpgsqlCommand("DROP TABLE indexed_workers", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return time;
    }
}
