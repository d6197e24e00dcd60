using System.Data;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// The ASN Peduli mandate report: a civil servant (ASN or PPPK, active) complies in a month when
/// at least one allocation they sponsor covers that month. An allocation ended earlier covers only
/// up to its last funded month, so its range alone says whether it is active.
/// </summary>
public sealed class ComplianceQuery(NpgsqlDataSource dataSource)
{
    public const string ListName = "sponsor-compliance";

    private const string CivilServants = "s.type IN ('Asn', 'Pppk') AND s.active AND (@unit IS NULL OR s.unit = @unit)";

    private const string Sponsoring = "EXISTS (SELECT FROM allocations a WHERE a.sponsor_id = s.id AND a.months @> @month)";

    private const string CountsSql = $"""
        SELECT s.unit, count(*)::int, (count(*) FILTER (WHERE {Sponsoring}))::int
        FROM sponsors s
        WHERE {CivilServants}
        GROUP BY s.unit
        ORDER BY s.unit
        """;

    private const string NotSponsoringSql = $"""
        SELECT s.id, s.seq, s.type, s.identifier, s.name, s.unit
        FROM sponsors s
        WHERE {CivilServants} AND s.seq > @after AND NOT {Sponsoring}
        ORDER BY s.seq
        LIMIT @take
        """;

    public async Task<ComplianceReport> RunAsync(Period period, string? unit, long after, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        // One snapshot for the counts and the list, so they agree even while allocations change.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var month = period.FirstDay;

        var units = new List<UnitCompliance>();
        await using (var counts = connection.Command(CountsSql, transaction, ("unit", unit), ("month", month)))
        await using (var reader = await counts.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (total, sponsoring) = (reader.GetInt32(1), reader.GetInt32(2));
                units.Add(new UnitCompliance(reader.GetString(0), total, sponsoring, total - sponsoring));
            }
        }

        var rows = new List<(NonSponsoringCivilServant CivilServant, long Seq)>();
        await using (var list = connection.Command(NotSponsoringSql, transaction, ("unit", unit), ("month", month), ("after", after), ("take", limit + 1)))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((new NonSponsoringCivilServant(
                    reader.GetGuid(0), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)), reader.GetInt64(1)));
            }
        }

        await transaction.CommitAsync(ct);
        var page = KeysetPage.From(rows, limit, ListName, row => row.CivilServant, row => row.Seq);
        var all = units.Sum(u => u.CivilServants);
        var allSponsoring = units.Sum(u => u.Sponsoring);
        return new ComplianceReport(
            period, new UnitCompliance(unit, all, allSponsoring, all - allSponsoring), units, page.Items, page.NextCursor);
    }
}
