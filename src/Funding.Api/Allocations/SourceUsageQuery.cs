using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts;
using PijarSemar.Funding.Data;
using PijarSemar.Funding.Domain;

namespace PijarSemar.Funding.Allocations;

/// <summary>
/// Each month of each source's fiscal year with its count of active allocations and the tariff in
/// force then, in one query. Counting months from the allocations themselves (not a counter kept
/// beside them) means an end, a deactivation or an allocation run can never leave the count wrong.
/// </summary>
public static class SourceUsageQuery
{
    public static async Task<Dictionary<Guid, SourceUsage>> LoadAsync(FundingDbContext db, IReadOnlyList<FundingSource> sources, CancellationToken ct)
    {
        var ids = sources.Select(s => s.Id).ToArray();
        var rows = await db.Database.SqlQuery<MonthRow>($"""
            SELECT s.id AS "SourceId", m.month::date AS "Month",
                   (SELECT count(*)::int FROM allocations a
                     WHERE a.funding_source_id = s.id AND a.start_month <= m.month AND a.end_month >= m.month) AS "Active",
                   (SELECT t.monthly_contribution FROM tariffs t
                     WHERE t.effective_from <= m.month ORDER BY t.effective_from DESC LIMIT 1) AS "Tariff"
            FROM funding_sources s
            CROSS JOIN LATERAL generate_series(make_date(s.fiscal_year, 1, 1), make_date(s.fiscal_year, 12, 1), interval '1 month') AS m(month)
            WHERE s.id = ANY({ids})
            """).ToListAsync(ct);
        var months = rows.ToLookup(r => r.SourceId);
        return sources.ToDictionary(
            s => s.Id,
            s => new SourceUsage(s.Quota, s.Budget, [.. months[s.Id].OrderBy(r => r.Month).Select(r => new MonthUsage(Period.FromDate(r.Month), r.Active, r.Tariff))]));
    }

    private sealed record MonthRow(Guid SourceId, DateOnly Month, int Active, long? Tariff);
}
