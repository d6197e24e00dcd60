using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.RateLimiting;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Apis;

/// <summary>The filters of a worker search; all optional, combined with AND.</summary>
public sealed record WorkerSearch(
    string? Nik, string? Name, string? OccupationCode, string? Kecamatan, string? Status, string? Cursor, int? Limit);

/// <summary>
/// What the audit log keeps of one search: how it was asked, the filters as sent (NIK and name
/// included: see the remarks on <see cref="WorkerSearchApi"/>) and the workers it showed.
/// </summary>
public sealed record WorkerSearchAudit(string Via, WorkerSearch Query, IReadOnlyList<Guid> WorkerIds);

/// <summary>
/// Worker searches. Every search shows personal data (NIK, name, birth date, address), so each is
/// one audit entry (<c>worker-search</c>): who, when, the filters and the ids of the workers shown.
/// </summary>
/// <remarks>
/// The entry keeps the NIK and the name searched for, because "who looked for this NIK?" is the
/// question the audit exists to answer, and a hash of a 16-digit NIK with a known structure is
/// reversed by trying them all. The audit log already holds every worker's NIK and name in its
/// registration snapshots and is read only through access-controlled endpoints, so the query adds
/// no new kind of data to it. Logs and URLs never carry them: the POST keeps them in the body.
/// </remarks>
public static class WorkerSearchApi
{
    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "workers";

    public static IEndpointRouteBuilder MapWorkerSearchApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/v1/workers").WithTags("Workers");

        workers.MapPost("/search", SearchByBody)
            .WithName("SearchWorkersByBody")
            .WithSummary("Workers in registration order, filtered by nik, name (any part, case- and accent-insensitive), occupationCode, kecamatan and status, sent in the body so they stay out of URLs and access logs; pass nextCursor back as cursor. Audited.")
            .RequireAuthorization(Policies.RegistryRead)
            .RequireRateLimiting(RateLimitPolicies.Search);

        workers.MapGet("/", Search)
            .WithName("SearchWorkers")
            .WithSummary("The same search with the filters in the query string (contract v1). Prefer POST /api/v1/workers/search for nik and name: a URL ends up in access logs and browser history. Audited.")
            .RequireAuthorization(Policies.RegistryRead)
            .RequireRateLimiting(RateLimitPolicies.Search);

        return app;
    }

    public static Task<Ok<Page<WorkerResponse>>> SearchByBody(
        WorkerSearch search, RegistryDbContext db, ReferenceDataCache reference, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        RunAsync(search, "POST", db, reference, actor, clock, ct);

    public static Task<Ok<Page<WorkerResponse>>> Search(
        [AsParameters] WorkerSearch search, RegistryDbContext db, ReferenceDataCache reference, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        RunAsync(search, "GET", db, reference, actor, clock, ct);

    private static async Task<Ok<Page<WorkerResponse>>> RunAsync(
        WorkerSearch search, string via, RegistryDbContext db, ReferenceDataCache reference, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, ListName) ?? 0;
        var query = db.Workers.AsNoTracking().Where(w => w.Seq > after);

        if (!string.IsNullOrWhiteSpace(search.Nik))
        {
            var nik = search.Nik.Trim();
            if (!Nik.HasValidShape(nik))
            {
                throw RequestValidationException.For("nik", "NIK must be exactly 16 digits.");
            }

            query = query.Where(w => w.Nik == nik);
        }

        if (!string.IsNullOrWhiteSpace(search.Name))
        {
            var pattern = "%" + EscapeLike(search.Name.Trim()) + "%";
            query = query.Where(w => EF.Functions.Like(EF.Property<string>(w, RegistryDbContext.NameSearch), RegistryDbContext.SearchText(pattern)));
        }

        if (!string.IsNullOrWhiteSpace(search.OccupationCode))
        {
            var occupation = search.OccupationCode.Trim();
            query = query.Where(w => w.OccupationCode == occupation);
        }

        if (!string.IsNullOrWhiteSpace(search.Kecamatan))
        {
            var kecamatan = (await reference.GetAsync()).CanonicalKecamatan(search.Kecamatan)
                ?? throw RequestValidationException.For("kecamatan", "Kecamatan is not one of the 16 kecamatan of Kota Semarang (see GET /api/v1/regions).");
            query = query.Where(w => w.Kecamatan == kecamatan);
        }

        if (!string.IsNullOrWhiteSpace(search.Status))
        {
            var status = EnumName.Parse<WorkerStatus>(search.Status)
                ?? throw RequestValidationException.For("status", $"Status must be one of {string.Join(", ", Enum.GetNames<WorkerStatus>())}.");

            query = query.Where(w => w.Status == status);
        }

        var rows = await query.OrderBy(w => w.Seq).Take(limit + 1).ToListAsync(ct);
        var page = KeysetPage.From(rows, limit, ListName, w => w.ToResponse(), w => w.Seq);

        // Written before the answer leaves: a search whose audit entry failed shows nothing.
        db.Audit("worker-search", Guid.CreateVersion7(), "WorkersSearched", actor.Subject, clock.GetUtcNow(), null,
            new WorkerSearchAudit(via, search, [.. page.Items.Select(w => w.Id)]));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(page);
    }

    /// <summary>A name typed with % or _ means those characters, not LIKE wildcards.</summary>
    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
