using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Paging;
using PijarSemar.Funding.Allocations;
using PijarSemar.Funding.Data;
using PijarSemar.Funding.Domain;
using PijarSemar.ServiceDefaults.Time;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Funding.Apis;

/// <summary>The filters of the funding-source list; all optional.</summary>
public sealed record FundingSourceSearch(int? FiscalYear, string? Type, string? Cursor, int? Limit);

public static class FundingSourcesApi
{
    private const string ListName = "funding-sources";

    public static IEndpointRouteBuilder MapFundingSourcesApi(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("/api/v1/funding-sources").WithTags("Funding sources");

        sources.MapPost("/", CreateFundingSource)
            .WithName("CreateFundingSource")
            .WithSummary("Create a fiscal year's funding source (Apbd, Dbhcht, Csr or Asn) with its monthly headcount quota and its budget in rupiah; 409 when the code is taken that year.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Operator);

        sources.MapGet("/", ListFundingSources)
            .WithName("ListFundingSources")
            .WithSummary("Funding sources in creation order with their utilisation, filtered by fiscalYear and type; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.FundingRead);

        sources.MapGet("/{id:guid}", GetFundingSource)
            .WithName("GetFundingSource")
            .WithSummary("One funding source with its utilisation: allocated now, remaining quota, projected cost, remaining budget.")
            .RequireAuthorization(Policies.FundingRead);

        return app;
    }

    public static async Task<Results<Created<FundingSourceResponse>, ValidationProblem, Conflict<ProblemDetails>>> CreateFundingSource(
        CreateFundingSourceRequest request, FundingDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var (candidate, errors) = FundingSourceRules.Validate(request);
        if (candidate is null)
        {
            throw new RequestValidationException(errors);
        }

        var source = FundingSource.Create(candidate, actor.Subject, clock.GetUtcNow());
        db.FundingSources.Add(source);
        db.Audit("funding-source", source.Id, "Created", actor.Subject, source.CreatedAt, null, Snapshot(source));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            var existing = await db.FundingSources.AsNoTracking()
                .Where(s => s.FiscalYear == candidate.FiscalYear && s.Code == candidate.Code).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
            throw new ConflictException(
                "Funding source code already used.",
                $"Fiscal year {candidate.FiscalYear} already has a funding source with code {candidate.Code}.",
                new Dictionary<string, object?> { ["existingFundingSourceId"] = existing });
        }

        var usage = await SourceUsageQuery.LoadAsync(db, [source], ct);
        return TypedResults.Created($"/api/v1/funding-sources/{source.Id}", ToResponse(source, usage[source.Id], clock));
    }

    public static async Task<Ok<Page<FundingSourceResponse>>> ListFundingSources(
        [AsParameters] FundingSourceSearch search, FundingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, ListName) ?? 0;
        var query = db.FundingSources.AsNoTracking().Where(s => s.Seq > after);
        if (search.FiscalYear is { } year)
        {
            query = year is >= FundingSourceRules.MinFiscalYear and <= FundingSourceRules.MaxFiscalYear
                ? query.Where(s => s.FiscalYear == year)
                : throw RequestValidationException.For("fiscalYear", $"Fiscal year must be from {FundingSourceRules.MinFiscalYear} to {FundingSourceRules.MaxFiscalYear}.");
        }

        if (!string.IsNullOrWhiteSpace(search.Type))
        {
            var type = EnumName.Parse<FundingSourceType>(search.Type)
                ?? throw RequestValidationException.For("type", $"Type must be one of {string.Join(", ", Enum.GetNames<FundingSourceType>())}.");
            query = query.Where(s => s.Type == type);
        }

        var rows = await query.OrderBy(s => s.Seq).Take(limit + 1).ToListAsync(ct);
        var usage = await SourceUsageQuery.LoadAsync(db, rows, ct);
        return TypedResults.Ok(KeysetPage.From(rows, limit, ListName, s => ToResponse(s, usage[s.Id], clock), s => s.Seq));
    }

    public static async Task<Results<Ok<FundingSourceResponse>, ProblemHttpResult>> GetFundingSource(
        Guid id, FundingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var source = await db.FundingSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Funding source not found.", detail: $"No funding source has id {id}.");
        }

        var usage = await SourceUsageQuery.LoadAsync(db, [source], ct);
        return TypedResults.Ok(ToResponse(source, usage[source.Id], clock));
    }

    private static FundingSourceResponse ToResponse(FundingSource s, SourceUsage usage, TimeProvider clock) => new(
        s.Id, s.Code, s.Name, s.Type.ToString(), s.FiscalYear, s.Quota, new Rupiah(s.Budget),
        usage.AllocatedIn(SemarangTime.CurrentPeriod(clock)), usage.RemainingQuota, usage.ProjectedCost, usage.RemainingBudget, s.CreatedAt);

    private static object Snapshot(FundingSource s) =>
        new { s.Id, s.Code, s.Name, Type = s.Type.ToString(), s.FiscalYear, s.Quota, s.Budget, s.Version };
}
