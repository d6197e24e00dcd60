using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Billing.Apis;

public sealed record TariffResponse(string EffectiveFrom, long IncomeBase, decimal JkkRate, long JkmAmount, long MonthlyContribution);

public static class TariffsApi
{
    public static IEndpointRouteBuilder MapTariffsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/tariffs").WithTags("Tariffs")
            .MapGet("/", ListTariffs)
            .WithName("ListTariffs")
            .WithSummary("Contribution tariffs, newest first; pass nextCursor back as cursor for older ones.")
            .RequireAuthorization(Policies.BillingRead);
        return app;
    }

    public static async Task<Ok<Page<TariffResponse>>> ListTariffs(
        BillingDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var query = db.Tariffs.AsNoTracking();
        if (KeysetPage.Key(cursor, "tariffs") is { } before)
        {
            query = query.Where(t => t.EffectiveFrom.CompareTo(before) < 0);
        }

        var rows = await query.OrderByDescending(t => t.EffectiveFrom).Take(size + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(
            rows,
            size,
            "tariffs",
            t => new TariffResponse(t.EffectiveFrom, t.IncomeBase, t.JkkRate, t.JkmAmount, t.MonthlyContribution),
            t => t.EffectiveFrom));
    }
}
