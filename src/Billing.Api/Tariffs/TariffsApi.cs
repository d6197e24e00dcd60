using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Billing.Tariffs;

/// <summary>A new tariff from <see cref="EffectiveFrom"/> on; every field is required.</summary>
public sealed record CreateTariffRequest(Period? EffectiveFrom, long? IncomeBase, decimal? JkkRate, long? JkmAmount);

public static class TariffsApi
{
    public static IEndpointRouteBuilder MapTariffsApi(this IEndpointRouteBuilder app)
    {
        var tariffs = app.MapGroup("/api/v1/tariffs").WithTags("Tariffs");

        tariffs.MapGet("/", ListTariffs)
            .WithName("ListTariffs")
            .WithSummary("Contribution tariffs, newest first; pass nextCursor back as cursor for older ones.")
            .RequireAuthorization(Policies.BillingRead);

        tariffs.MapPost("/", CreateTariff)
            .WithName("CreateTariff")
            .WithSummary("Add the tariff in force from effectiveFrom on; 409 when that month or a later one is already billed, or a tariff starts that month.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Finance);
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
        return TypedResults.Ok(KeysetPage.From(rows, size, "tariffs", ToResponse, t => t.EffectiveFrom));
    }

    public static async Task<Results<Created<TariffResponse>, ValidationProblem, Conflict<ProblemDetails>>> CreateTariff(
        CreateTariffRequest request, BillingDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var tariff = Validate(request);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(TariffLock.Exclusive, ct);

        // Past invoices are never rewritten: a month already billed keeps the tariff it was billed at.
        var from = request.EffectiveFrom!.Value.FirstDay;
        if (await db.Database.SqlQuery<DateOnly?>($"SELECT max(period) AS \"Value\" FROM billing_runs").SingleAsync(ct) is { } billed
            && billed >= from)
        {
            throw new ConflictException(
                "Month already billed.",
                $"Periods up to {Period.FromDate(billed)} are billed; a new tariff can start from {Period.FromDate(billed).Next()} on.");
        }

        if (await db.Tariffs.AnyAsync(t => t.EffectiveFrom == tariff.EffectiveFrom, ct))
        {
            throw new ConflictException("Tariff exists.", $"A tariff already starts in {tariff.EffectiveFrom}; tariffs are never edited.");
        }

        db.Tariffs.Add(tariff);
        // Tariffs are keyed by month, not by id: the snapshot names the month.
        db.Audit("Tariff", Guid.Empty, "Created", actor.Subject, clock.GetUtcNow(), before: null, after: ToResponse(tariff));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/tariffs?effectiveFrom={tariff.EffectiveFrom}", ToResponse(tariff));
    }

    private static Tariff Validate(CreateTariffRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EffectiveFrom is null)
        {
            errors["effectiveFrom"] = ["The first month of the tariff (yyyy-MM) is required."];
        }

        if (request.IncomeBase is not > 0)
        {
            errors["incomeBase"] = ["The income base must be a whole number of rupiah above zero."];
        }

        // The column is numeric(7, 6): a rate with more decimals would be silently rounded.
        if (request.JkkRate is not (> 0m and < 1m) || decimal.Round(request.JkkRate.Value, 6) != request.JkkRate.Value)
        {
            errors["jkkRate"] = ["The JKK rate must be a fraction above 0 and below 1 with at most 6 decimals (0.01 is 1%)."];
        }

        if (request.JkmAmount is not >= 0)
        {
            errors["jkmAmount"] = ["The JKM amount must be a whole number of rupiah, zero or more."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var tariff = Tariff.From(request.EffectiveFrom!.Value, request.IncomeBase!.Value, request.JkkRate!.Value, request.JkmAmount!.Value);
        try
        {
            _ = tariff.MonthlyContribution;
        }
        catch (OverflowException)
        {
            throw RequestValidationException.For("incomeBase", "The income base is too large to price a month in rupiah.");
        }

        return tariff;
    }

    private static TariffResponse ToResponse(Tariff t) =>
        new(t.EffectiveFrom, t.IncomeBase, t.JkkRate, t.JkmAmount, t.MonthlyContribution);
}
