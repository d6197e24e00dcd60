using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Funding.Sponsors;

/// <summary>Reads of sponsors and of the allocations they pay for.</summary>
public sealed class SponsorQueries(NpgsqlDataSource dataSource)
{
    public const string SponsorsList = "sponsors";

    public static string SponsorshipsList(Guid sponsorId) => $"sponsor-{sponsorId:N}-allocations";

    /// <summary>
    /// Each allocation with its covered months priced at the tariff in force in each month (the
    /// newest tariff effective on or before it); an empty range covers no month and costs nothing.
    /// </summary>
    private const string SponsorshipsSql = """
        SELECT a.id, a.seq, a.worker_id, a.funding_source_id, a.source_type, a.start_month, a.end_month, a.status, a.end_reason,
               covered.months, covered.contribution, covered.unpriced
        FROM allocations a
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS months,
                   coalesce(sum(t.monthly_contribution), 0)::bigint AS contribution,
                   count(*) FILTER (WHERE t.monthly_contribution IS NULL)::int AS unpriced
            FROM generate_series(a.start_month::timestamp, a.end_month::timestamp, interval '1 month') AS m(month)
            LEFT JOIN LATERAL (
                SELECT monthly_contribution FROM tariffs
                WHERE effective_from <= m.month::date
                ORDER BY effective_from DESC
                LIMIT 1) t ON true
        ) covered
        WHERE a.sponsor_id = @sponsor_id AND a.seq > @after
        ORDER BY a.seq
        LIMIT @take
        """;

    public async Task<SponsorResponse?> FindAsync(Guid id, CancellationToken ct) =>
        await FindOneAsync($"SELECT {SponsorSql.SponsorColumns} FROM sponsors WHERE id = @value", id, ct);

    /// <summary>The sponsor a token's subject names: its NIP or NIB, written with or without the NIP's spaces.</summary>
    public async Task<SponsorResponse?> FindByIdentifierAsync(string identifier, CancellationToken ct) =>
        await FindOneAsync($"SELECT {SponsorSql.SponsorColumns} FROM sponsors WHERE identifier = @value", Nip.Normalize(identifier.Trim()), ct);

    public async Task<Page<SponsorResponse>> ListAsync(SponsorType? type, string? unit, long after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = connection.Command(
            $"""
            SELECT {SponsorSql.SponsorColumns} FROM sponsors
            WHERE seq > @after AND (@type IS NULL OR type = @type) AND (@unit IS NULL OR unit = @unit)
            ORDER BY seq
            LIMIT @take
            """,
            null,
            ("after", after), ("type", type?.ToString()), ("unit", unit), ("take", limit + 1));
        var rows = new List<(SponsorResponse Sponsor, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(reader.ReadSponsor());
        }

        return KeysetPage.From(rows, limit, SponsorsList, row => row.Sponsor, row => row.Seq);
    }

    public async Task<Page<SponsorshipResponse>> SponsorshipsAsync(Guid sponsorId, long after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = connection.Command(SponsorshipsSql, null, ("sponsor_id", sponsorId), ("after", after), ("take", limit + 1));
        var rows = new List<(SponsorshipResponse Sponsorship, long Seq)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var unpriced = reader.GetInt32(11);
            rows.Add((new SponsorshipResponse(
                reader.GetGuid(0),
                reader.GetGuid(2),
                reader.GetGuid(3),
                reader.GetString(4),
                Period.FromDate(reader.GetFieldValue<DateOnly>(5)),
                Period.FromDate(reader.GetFieldValue<DateOnly>(6)),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt32(9),
                unpriced > 0 ? null : new Rupiah(reader.GetInt64(10))), reader.GetInt64(1)));
        }

        return KeysetPage.From(rows, limit, SponsorshipsList(sponsorId), row => row.Sponsorship, row => row.Seq);
    }

    private async Task<SponsorResponse?> FindOneAsync(string sql, object value, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = connection.Command(sql, null, ("value", value));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? reader.ReadSponsor().Sponsor : null;
    }
}
