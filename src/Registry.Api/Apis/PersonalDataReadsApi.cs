using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Data;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Registry.Apis;

/// <summary>
/// One read of workers' personal data: a search (<see cref="Kind"/> <c>Search</c>, with how it was
/// asked and its filters, NIK and name included) or a read by id (<c>Read</c>), who made it, when,
/// and the workers it showed.
/// </summary>
public sealed record PersonalDataRead(long Id, string Kind, string Actor, DateTimeOffset At, string? Via, WorkerSearch? Query, IReadOnlyList<Guid> WorkerIds);

/// <summary>
/// Auditors answer "who looked at this person's data, and who searched for what" from the audit
/// entries that searches and reads by id write (<see cref="WorkerSearchApi"/>, <see cref="WorkersApi.GetWorker"/>).
/// </summary>
public static class PersonalDataReadsApi
{
    private const string SearchEntry = "worker-search";
    private const string ReadEntry = "worker-read";

    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "personal-data-reads";

    public static IEndpointRouteBuilder MapPersonalDataReadsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/audit").WithTags("Audit")
            .MapGet("/personal-data-reads", List)
            .WithName("ListPersonalDataReads")
            .WithSummary("Searches and reads by id of workers' personal data, newest first: who, when, the query and the workers shown. Filters: actor (token subject), from and to (yyyy-MM-dd, days in Semarang, both included, or ISO 8601 instants with an offset, to excluded); pass nextCursor back as cursor.")
            .RequireAuthorization(Roles.Auditor);
        return app;
    }

    public static async Task<Ok<Page<PersonalDataRead>>> List(
        RegistryDbContext db, string? actor, string? from, string? to, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var before = KeysetPage.Position(cursor, ListName) ?? long.MaxValue;
        var errors = new Dictionary<string, string[]>();
        var since = Bound(from, "from", endOfDay: false, errors);
        var until = Bound(to, "to", endOfDay: true, errors);
        if (since is { } start && until is { } end && start >= end)
        {
            errors["to"] = ["To must be after from."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        // Both entry types as literals, so the planner uses the partial index of migration 0009.
        var query = db.Set<AuditEntry>().AsNoTracking()
            .Where(a => (a.EntityType == SearchEntry || a.EntityType == ReadEntry) && a.Id < before);
        if (!string.IsNullOrWhiteSpace(actor))
        {
            var subject = actor.Trim();
            query = query.Where(a => a.Actor == subject);
        }

        if (since is { } notBefore)
        {
            query = query.Where(a => a.At >= notBefore);
        }

        if (until is { } notAfter)
        {
            query = query.Where(a => a.At < notAfter);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, ListName, ToRead, a => a.Id));
    }

    /// <summary>A date is a whole day in Semarang: <c>from</c> its start, <c>to</c> the start of the next day.</summary>
    private static DateTimeOffset? Bound(string? value, string field, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), SemarangTime.Offset);
            return (endOfDay ? start.AddDays(1) : start).ToUniversalTime();
        }

        // An instant needs its offset: a bare local time would be read in the server's time zone.
        if (text.Contains('T', StringComparison.Ordinal)
            && (text.EndsWith('Z') || text[text.IndexOf('T', StringComparison.Ordinal)..].IndexOfAny(['+', '-']) > 0)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUniversalTime();
        }

        errors[field] = [$"{char.ToUpperInvariant(field[0])}{field[1..]} must be a date (yyyy-MM-dd) or an ISO 8601 instant with an offset (2026-12-01T08:00:00+07:00)."];
        return null;
    }

    private static PersonalDataRead ToRead(AuditEntry entry)
    {
        if (entry.EntityType == ReadEntry || entry.After is null)
        {
            return new PersonalDataRead(entry.Id, "Read", entry.Actor, entry.At, null, null, [entry.EntityId]);
        }

        var search = JsonSerializer.Deserialize<WorkerSearchAudit>(entry.After, JsonSerializerOptions.Web)!;
        return new PersonalDataRead(
            entry.Id, "Search", entry.Actor, entry.At, search.Via, search.Query, search.WorkerIds);
    }
}
