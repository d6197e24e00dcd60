using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>
/// Claims written straight into the database as filing leaves them (the claim, its Submitted step
/// with seq 1, its checklist rows), with the coverage a test needs, and moved on over HTTP to the
/// status a test starts from.
/// </summary>
public sealed class SeededClaims(ClaimsFixture claims)
{
    public const long Approved = 42_000_000;

    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer, "officer-seeding");

    /// <summary>A Submitted claim; <paramref name="documentsReceived"/> marks every checklist document received.</summary>
    public async Task<Guid> SubmittedAsync(
        string type = ClaimType.Jkk, string coverage = CoverageStatus.Covered, bool documentsReceived = false, Guid? workerId = null)
    {
        var id = Guid.NewGuid();
        var worker = workerId ?? Guid.NewGuid();
        await using var connection = new NpgsqlConnection(claims.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO claims (id, worker_id, type, status, incident_date, description, submitted_at, reported_by, filed_by,
                                status_changed_at, version, coverage_status, coverage_checked_at, kecamatan)
            VALUES (@id, @worker, @type, 'Submitted', @incident, 'fell from scaffolding', now() - interval '3 days', 'his wife', 'officer-filing',
                    now() - interval '3 days', 1, @coverage, now() - interval '3 days', 'Tembalang')
            """,
            ("id", id), ("worker", worker), ("type", type), ("incident", new DateOnly(2026, 11, 20)), ("coverage", coverage)));
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO claim_transitions (claim_id, seq, from_status, to_status, note, amount, actor, at)
            VALUES (@id, 1, NULL, 'Submitted', NULL, NULL, 'officer-filing', now() - interval '3 days')
            """,
            ("id", id)));
        foreach (var document in DocumentChecklist.For(type))
        {
            batch.BatchCommands.Add(documentsReceived
                ? Command(
                    """
                    INSERT INTO claim_documents (claim_id, code, received_at, received_by, reference)
                    VALUES (@id, @code, now() - interval '2 days', 'officer-filing', @reference)
                    """,
                    ("id", id), ("code", document.Code), ("reference", $"https://arsip.semarangkota.go.id/{id}/{document.Code}"))
                : Command("INSERT INTO claim_documents (claim_id, code) VALUES (@id, @code)", ("id", id), ("code", document.Code)));
        }

        await batch.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>A claim moved by an officer along the workflow to <paramref name="status"/> (Rejected straight from Submitted).</summary>
    public async Task<Guid> AtAsync(string status, string type = ClaimType.Jkk, Guid? workerId = null)
    {
        var id = await SubmittedAsync(type, CoverageStatus.Covered, documentsReceived: true, workerId);
        if (status == ClaimStatus.Rejected)
        {
            await MoveAsync(id, ClaimStatus.Rejected, note: "Not a work accident.");
            return id;
        }

        foreach (var next in new[] { ClaimStatus.Verified, ClaimStatus.SentToBpjs, ClaimStatus.Approved, ClaimStatus.Paid })
        {
            if (ClaimStatus.All.ToList().IndexOf(next) > ClaimStatus.All.ToList().IndexOf(status))
            {
                break;
            }

            await MoveAsync(id, next, amount: ClaimWorkflow.CarriesAmount(next) ? Approved : null);
        }

        return id;
    }

    private async Task MoveAsync(Guid id, string to, string? note = null, long? amount = null)
    {
        using var response = await _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to, note, amount });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Seeding {to}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Everything a refused request must leave as it was, in one string: the claim's row, its history,
    /// its checklist, its audit entries and its events.
    /// </summary>
    public async Task<string> FootprintAsync(Guid id) => await claims.ScalarAsync<string>(
        """
        SELECT concat_ws(' | ',
            (SELECT concat_ws(',', status, version, status_changed_at, closed_at, approved_amount, paid_amount) FROM claims WHERE id = @id),
            (SELECT string_agg(concat_ws(',', seq, to_status, note, amount), ';' ORDER BY seq) FROM claim_transitions WHERE claim_id = @id),
            (SELECT string_agg(concat_ws(',', code, received_at, received_by, reference), ';' ORDER BY code) FROM claim_documents WHERE claim_id = @id),
            (SELECT count(*) FROM audit_log WHERE entity_id = @id),
            (SELECT count(*) FROM outbox_messages WHERE payload->>'claimId' = @text))
        """,
        ("id", id), ("text", id.ToString()));

    public static async Task<ClaimDetails> DetailsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ClaimDetails>())!;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
