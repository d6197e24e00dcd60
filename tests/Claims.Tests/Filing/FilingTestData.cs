using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PijarSemar.Claims.Apis;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Time;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>Workers Claims knows, Billing's invoices as a billing run leaves them, and filing requests.</summary>
public static class FilingTestData
{
    public static DateOnly Today => SemarangTime.Today(TimeProvider.System);

    public static Period CurrentPeriod => SemarangTime.CurrentPeriod(TimeProvider.System);

    /// <summary>A worker in Claims' read model, as the registry's events would leave them.</summary>
    public static async Task<Guid> KnownWorkerAsync(
        this ClaimsWithNeighbours stack, DateOnly? registeredOn = null, string status = "Verified", DateOnly? deceasedOn = null, string kecamatan = "Tugu")
    {
        var workerId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(stack.ClaimsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO claim_workers (worker_id, kecamatan, registered_on, status, deceased_on, version) VALUES ($1, $2, $3, $4, $5, 2)", connection)
        {
            Parameters =
            {
                new() { Value = workerId }, new() { Value = kecamatan }, new() { Value = registeredOn ?? new DateOnly(2025, 1, 2) },
                new() { Value = status }, new() { Value = (object?)deceasedOn ?? DBNull.Value, DataTypeName = "date" },
            },
        };
        await command.ExecuteNonQueryAsync();
        return workerId;
    }

    /// <summary>An invoice for <paramref name="period"/> with a line for <paramref name="workerId"/>, fully paid or not paid at all.</summary>
    public static async Task<Guid> BilledAsync(this ClaimsWithNeighbours stack, Guid workerId, Period period, bool paid)
    {
        var invoiceId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(stack.BillingDatabase);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO billing_runs (id, period, status, amount, invoice_count, line_count, total, requested_by, requested_at, completed_at)
                    VALUES (gen_random_uuid(), $1, 'Completed', 16800, 0, 0, 0, 'test', now(), now())
                    ON CONFLICT (period) DO NOTHING
                    """) { Parameters = { new() { Value = period.FirstDay } } },
                new("""
                    INSERT INTO invoices (id, run_id, period, funding_source_id, source_type, sponsor_id, line_count, total, paid, status, issued_at)
                    SELECT $1, id, $2, $3, 'Apbd', NULL, 1, 16800, $4, $5, now() FROM billing_runs WHERE period = $2
                    """)
                {
                    Parameters =
                    {
                        new() { Value = invoiceId }, new() { Value = period.FirstDay }, new() { Value = Guid.CreateVersion7() },
                        new() { Value = paid ? 16_800L : 0L }, new() { Value = paid ? "Paid" : "Issued" },
                    },
                },
                new("INSERT INTO invoice_lines (worker_id, period, invoice_id, allocation_id, amount) VALUES ($1, $2, $3, gen_random_uuid(), 16800)")
                {
                    Parameters = { new() { Value = workerId }, new() { Value = period.FirstDay }, new() { Value = invoiceId } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
        return invoiceId;
    }

    public static object Filing(Guid workerId, DateOnly incidentDate, string type = "Jkk") => new
    {
        workerId,
        type,
        incidentDate = incidentDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        description = "Fell from the roof of a stall while fixing its tarpaulin",
        location = "Pasar Johar",
        reportedBy = "wife",
    };

    public static async Task<ClaimDetails> FiledAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ClaimDetails>(body, JsonSerializerOptions.Web)!;
    }

    public static Task<long> ClaimsOfAsync(this ClaimsWithNeighbours stack, Guid workerId) =>
        stack.ClaimsScalarAsync<long>("SELECT count(*) FROM claims WHERE worker_id = @w", ("w", workerId));

    /// <summary>What a filing for <paramref name="workerId"/> writes: its claim (with the rows that hang off it) and its event.</summary>
    public static Task<long> WrittenForAsync(this ClaimsWithNeighbours stack, Guid workerId) => stack.ClaimsScalarAsync<long>("""
        SELECT (SELECT count(*) FROM claims WHERE worker_id = @w)
             + (SELECT count(*) FROM outbox_messages WHERE payload->>'workerId' = @w::text)
        """, ("w", workerId));

    public static Task<HttpResponseMessage> FileAsync(this HttpClient client, object filing) =>
        client.PostAsJsonAsync("/api/v1/claims", filing);
}
