using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Apis;

/// <summary>The filters of a worker search; all optional, combined with AND.</summary>
public sealed record WorkerSearch(
    string? Nik, string? Name, string? OccupationCode, string? Kecamatan, string? Status, string? Cursor, int? Limit);

public static class WorkerSearchApi
{
    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "workers";

    public static IEndpointRouteBuilder MapWorkerSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers").WithTags("Workers")
            .MapGet("/", Search)
            .WithName("SearchWorkers")
            .WithSummary("Workers in registration order, filtered by nik, name (any part, case- and accent-insensitive), occupationCode, kecamatan and status; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.RegistryRead);
        return app;
    }

    public static async Task<Ok<Page<WorkerResponse>>> Search(
        [AsParameters] WorkerSearch search, RegistryDbContext db, ReferenceDataCache reference, CancellationToken ct)
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
        return TypedResults.Ok(KeysetPage.From(rows, limit, ListName, w => w.ToResponse(), w => w.Seq));
    }

    /// <summary>A name typed with % or _ means those characters, not LIKE wildcards.</summary>
    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
