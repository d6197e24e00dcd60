using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Funding.Sponsors;

/// <summary>The filters of the sponsor list; all optional, combined with AND.</summary>
public sealed record SponsorSearch(string? Type, string? Unit, string? Cursor, int? Limit);

/// <summary>The filters of the mandate report: a unit (all when omitted) and a month (this month in Semarang when omitted).</summary>
public sealed record ComplianceSearch(string? Unit, string? Period, string? Cursor, int? Limit);

public static class SponsorsApi
{
    private const string RosterDescription = """
        Body: a CSV file (Content-Type text/csv), UTF-8, separated by commas or semicolons (taken
        from the header row). Columns, in any order and letter case: nip, name and unit are
        required; type (Asn or Pppk, empty = Asn) is optional. A known NIP gets the file's name and
        unit (its type stays); a new one is registered. Each row is checked like POST
        /api/v1/sponsors; a bad row is reported (row number, field, reason) and skipped, a NIP
        repeated in the file is imported from its first row only. A file that cannot be read as a
        roster (not UTF-8, header wrong, no rows, too large) is refused and nothing is written.
        """;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var sponsors = app.MapGroup("/api/v1/sponsors").WithTags("Sponsors");

        sponsors.MapPost("/", RegisterSponsor)
            .WithName("RegisterSponsor")
            .WithSummary("Register a sponsor: a civil servant (Asn, Pppk) by NIP with their unit, or a company by NIB; 409 names the sponsor already registered with the identifier.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Operator);

        sponsors.MapGet("/", ListSponsors)
            .WithName("ListSponsors")
            .WithSummary("Sponsors in registration order, filtered by type and unit; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.FundingRead);

        sponsors.MapGet("/compliance", GetCompliance)
            .WithName("GetSponsorCompliance")
            .WithSummary("The ASN Peduli mandate in a month (period, default this month): per unit, civil servants, those sponsoring an active allocation and those not; and the civil servants not sponsoring, a page at a time.")
            .RequireAuthorization(Policies.FundingRead);

        sponsors.MapGet("/me", GetMe)
            .WithName("GetMySponsor")
            .WithSummary("The sponsor whose NIP or NIB is the token's subject.")
            .RequireAuthorization(Roles.Sponsor);

        sponsors.MapGet("/me/allocations", GetMySponsorships)
            .WithName("GetMySponsorships")
            .WithSummary("The workers the caller sponsors: months covered and the contribution expected for them at the tariff of each month.")
            .RequireAuthorization(Roles.Sponsor);

        sponsors.MapGet("/{id:guid}", GetSponsor)
            .WithName("GetSponsor")
            .WithSummary("One sponsor by id.")
            .RequireAuthorization(Policies.FundingRead);

        sponsors.MapGet("/{id:guid}/allocations", GetSponsorships)
            .WithName("GetSponsorAllocations")
            .WithSummary("The allocations a sponsor pays for, in allocation order, with months covered and expected contribution; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.FundingRead);

        app.MapGroup("/api/v1/sponsor-rosters").WithTags("Sponsors")
            .MapPost("/", ImportRoster)
            .WithName("ImportSponsorRoster")
            .WithSummary("Import the HR office's civil-servant roster (CSV: nip, name, unit, optional type): counts created, updated, unchanged and rejected, with each rejected row's number, field and reason.")
            .WithDescription(RosterDescription)
            .Accepts<string>("text/csv", "application/csv")
            .RequireAuthorization(Roles.Operator);

        return app;
    }

    public static async Task<Results<Created<SponsorResponse>, ValidationProblem, Conflict<ProblemDetails>>> RegisterSponsor(
        CreateSponsorRequest request, SponsorRegistration registration, CurrentActor actor, CancellationToken ct)
    {
        var sponsor = await registration.RegisterAsync(request, actor.Subject, ct);
        return TypedResults.Created($"/api/v1/sponsors/{sponsor.Id}", sponsor);
    }

    public static async Task<Ok<Page<SponsorResponse>>> ListSponsors(
        [AsParameters] SponsorSearch search, SponsorQueries queries, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, SponsorQueries.SponsorsList) ?? 0;
        SponsorType? type = null;
        if (!string.IsNullOrWhiteSpace(search.Type))
        {
            type = EnumName.Parse<SponsorType>(search.Type)
                ?? throw RequestValidationException.For("type", $"Type must be one of {string.Join(", ", Enum.GetNames<SponsorType>())}.");
        }

        return TypedResults.Ok(await queries.ListAsync(type, SponsorRules.Clean(search.Unit), after, limit, ct));
    }

    public static async Task<Ok<SponsorResponse>> GetSponsor(Guid id, SponsorQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.FindAsync(id, ct) ?? throw NotFound(id));

    public static async Task<Ok<Page<SponsorshipResponse>>> GetSponsorships(
        Guid id, string? cursor, int? limit, SponsorQueries queries, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, SponsorQueries.SponsorshipsList(id)) ?? 0;
        _ = await queries.FindAsync(id, ct) ?? throw NotFound(id);
        return TypedResults.Ok(await queries.SponsorshipsAsync(id, after, size, ct));
    }

    public static async Task<Ok<SponsorResponse>> GetMe(CurrentActor actor, SponsorQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await FindCallerAsync(actor, queries, ct));

    /// <summary>Only the caller's own allocations: the sponsor is taken from the token, never from the request.</summary>
    public static async Task<Ok<Page<SponsorshipResponse>>> GetMySponsorships(
        string? cursor, int? limit, CurrentActor actor, SponsorQueries queries, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var me = await FindCallerAsync(actor, queries, ct);
        var after = KeysetPage.Position(cursor, SponsorQueries.SponsorshipsList(me.Id)) ?? 0;
        return TypedResults.Ok(await queries.SponsorshipsAsync(me.Id, after, size, ct));
    }

    public static async Task<Ok<ComplianceReport>> GetCompliance(
        [AsParameters] ComplianceSearch search, ComplianceQuery compliance, SemarangClock clock, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, ComplianceQuery.ListName) ?? 0;
        var period = clock.CurrentPeriod;
        if (!string.IsNullOrWhiteSpace(search.Period) && !Period.TryParse(search.Period.Trim(), out period))
        {
            throw RequestValidationException.For("period", $"Period is a month written yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.");
        }

        return TypedResults.Ok(await compliance.RunAsync(period, SponsorRules.Clean(search.Unit), after, limit, ct));
    }

    public static async Task<Results<Ok<RosterImportResponse>, ValidationProblem, ProblemHttpResult>> ImportRoster(
        HttpContext context, SponsorRosterImport roster, CurrentActor actor, CancellationToken ct)
    {
        if (!IsUtf8Csv(context.Request.ContentType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The roster must be a CSV file.",
                detail: "Send the file with Content-Type text/csv, encoded as UTF-8.");
        }

        if (context.Request.ContentLength > SponsorRosterImport.MaxUploadBytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The file is too large.",
                detail: $"Rosters of at most {SponsorRosterImport.MaxUploadBytes:N0} bytes are accepted; split the list into several files.");
        }

        // A body sent without a length is cut off at the same size by the server.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = SponsorRosterImport.MaxUploadBytes;
        }

        var outcome = await roster.ImportAsync(context.Request.Body, actor.Subject, ct);
        return outcome.Refusal is { } refusal
            ? TypedResults.ValidationProblem(refusal.Errors, refusal.Detail, title: refusal.Title)
            : TypedResults.Ok(outcome.Result);
    }

    /// <summary>A sponsor token names its sponsor by NIP or NIB in <c>sub</c>; a subject that names none is a 404.</summary>
    private static async Task<SponsorResponse> FindCallerAsync(CurrentActor actor, SponsorQueries queries, CancellationToken ct) =>
        await queries.FindByIdentifierAsync(actor.Subject, ct)
        ?? throw new NotFoundException("Sponsor not found.", "No sponsor is registered with the identifier this token was issued for.");

    private static NotFoundException NotFound(Guid id) => new("Sponsor not found.", $"No sponsor has id {id}.");

    private static bool IsUtf8Csv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase))
        && (mediaType.Charset.Length == 0 || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
