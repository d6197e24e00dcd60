using Npgsql;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Funding.Sponsors;

/// <summary>Registers one sponsor: the rules, the row and its audit entry in one transaction; a known identifier is a 409.</summary>
public sealed class SponsorRegistration(NpgsqlDataSource dataSource, SemarangClock clock)
{
    public async Task<SponsorResponse> RegisterAsync(CreateSponsorRequest request, string actor, CancellationToken ct)
    {
        var (sponsor, problems) = SponsorRules.Check(request.Type, request.Identifier, request.Name, request.Unit, clock.Today);
        if (sponsor is null)
        {
            throw new RequestValidationException(problems
                .GroupBy(problem => problem.Field)
                .ToDictionary(field => field.Key, field => field.Select(problem => problem.Reason).ToArray()));
        }

        var now = clock.Now;
        var id = Guid.CreateVersion7(now);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // The unique identifier decides between two registrations of one NIP at the same moment.
        await using (var insert = connection.Command(
            """
            INSERT INTO sponsors (id, type, identifier, name, unit, created_at, created_by, updated_at)
            VALUES (@id, @type, @identifier, @name, @unit, @now, @actor, @now)
            ON CONFLICT (identifier) DO NOTHING
            """,
            transaction,
            ("id", id), ("type", sponsor.Type.ToString()), ("identifier", sponsor.Identifier), ("name", sponsor.Name),
            ("unit", sponsor.Unit), ("now", now), ("actor", actor)))
        {
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                throw await AlreadyRegisteredAsync(connection, transaction, sponsor.Identifier, ct);
            }
        }

        var registered = new SponsorResponse(id, sponsor.Type.ToString(), sponsor.Identifier, sponsor.Name, sponsor.Unit, true, 1, now, now);
        await connection.AuditAsync(transaction, AuditEntry.Of<SponsorResponse>("sponsor", id, "Registered", actor, now, null, registered), ct);
        await transaction.CommitAsync(ct);
        return registered;
    }

    private static async Task<ConflictException> AlreadyRegisteredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string identifier, CancellationToken ct)
    {
        await using var find = connection.Command("SELECT id FROM sponsors WHERE identifier = @identifier", transaction, ("identifier", identifier));
        var existing = (Guid)(await find.ExecuteScalarAsync(ct))!;
        return new ConflictException(
            "Sponsor already registered.",
            $"A sponsor with this identifier is already registered as {existing}.",
            new Dictionary<string, object?> { ["existingSponsorId"] = existing });
    }
}
