using System.Text.Json;
using Npgsql;
using PijarSemar.Contracts;

namespace PijarSemar.Funding.AllocationRuns;

/// <summary>Queues runs and reads them back.</summary>
public sealed class AllocationRunQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<Guid> QueueAsync(int fiscalYear, Period start, string actor, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var command = dataSource.CreateCommand(AllocationRunSql.Queue);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("year", fiscalYear);
        command.Parameters.AddWithValue("start", start.FirstDay);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteScalarAsync(ct);
        return id;
    }

    public async Task<AllocationRunResponse?> FindAsync(Guid id, CancellationToken ct) =>
        (await ReadAsync(AllocationRunSql.Columns + " WHERE id = @id", ct, ("id", id))).Select(r => r.Run).SingleOrDefault();

    /// <summary>Runs newest first, after the run at <paramref name="beforeSeq"/>; one more than <paramref name="limit"/> to know if a page follows.</summary>
    public Task<List<(AllocationRunResponse Run, long Seq)>> PageAsync(long? beforeSeq, int limit, CancellationToken ct) =>
        ReadAsync(AllocationRunSql.Columns + " WHERE seq < @before ORDER BY seq DESC LIMIT @take", ct, ("before", beforeSeq ?? long.MaxValue), ("take", limit + 1));

    private async Task<List<(AllocationRunResponse Run, long Seq)>> ReadAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<(AllocationRunResponse, long)>();
        while (await reader.ReadAsync(ct))
        {
            var year = reader.GetInt32(2);
            var sources = reader.IsDBNull(9)
                ? []
                : JsonSerializer.Deserialize<List<AllocationRunSourceCount>>(reader.GetString(9), JsonSerializerOptions.Web) ?? [];
            runs.Add((new AllocationRunResponse(
                reader.GetGuid(0),
                year,
                Period.FromDate(reader.GetFieldValue<DateOnly>(3)),
                new Period(year, 12),
                reader.GetString(4),
                reader.GetInt32(5),
                NullableInt(reader, 6),
                NullableInt(reader, 7),
                NullableInt(reader, 8),
                sources,
                reader.GetString(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.IsDBNull(14) ? null : reader.GetString(14)), reader.GetInt64(1)));
        }

        return runs;
    }

    private static int? NullableInt(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
