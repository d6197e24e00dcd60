using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>
/// A Funding whose neighbours are out of reach (Billing and the registry refuse connections), so
/// what a test needs of them is put straight into Funding's own tables: its tariff copy, its worker
/// read model and its sponsors.
/// </summary>
public class AllocatingFundingFixture() : ServiceFixture<Program>("funding")
{
    public const string Unreachable = "http://127.0.0.1:9/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("services:registry:http:0", Unreachable),
        new("services:billing:http:0", Unreachable),
    ];
}

/// <summary>Builds what allocation tests stand on, each call with fresh ids and codes so tests in one class never meet.</summary>
public sealed class FundingTestData(ServiceFixture<Program> funding, HttpClient @operator)
{
    public const long Tariff = 16_800;

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(funding.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Billing's tariff as Funding's copy would hold it: Rp16,800 a month from January 2025.</summary>
    public Task SeedTariffAsync() => ExecuteAsync(
        "INSERT INTO tariffs (effective_from, monthly_contribution, fetched_at) VALUES ('2025-01-01', @amount, now()) ON CONFLICT DO NOTHING",
        ("amount", Tariff));

    public async Task<Guid> VerifiedWorkerAsync(string status = "Verified")
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            "INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version) VALUES (@id, @status, 'nelayan', 'Tugu', false, now(), 2)",
            ("id", id), ("status", status));
        return id;
    }

    /// <summary>A sponsor as the sponsors feature stores it; <paramref name="type"/> is Asn, Pppk or Company.</summary>
    public async Task<Guid> SponsorAsync(string type, bool active = true)
    {
        var id = Guid.NewGuid();
        var identifier = type == "Company" ? Digits(13) : Digits(18);
        await ExecuteAsync(
            "INSERT INTO sponsors (id, type, identifier, name, unit, active, created_at, created_by, updated_at) VALUES (@id, @type, @identifier, 'Sponsor', @unit, @active, now(), 'test', now())",
            ("id", id), ("type", type), ("identifier", identifier), ("unit", type == "Company" ? DBNull.Value : "Dinas Tenaga Kerja"), ("active", active));
        return id;
    }

    public async Task<FundingSourceResponse> SourceAsync(string type = "Apbd", int quota = 100, long budget = 1_000_000_000, int fiscalYear = 2027)
    {
        await SeedTariffAsync();
        var response = await @operator.PostAsJsonAsync("/api/v1/funding-sources", new
        {
            code = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            name = "Test source",
            type,
            fiscalYear,
            quota,
            budget,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FundingSourceResponse>())!;
    }

    public Task<HttpResponseMessage> AllocateAsync(Guid workerId, Guid sourceId, string start, string? end = null, Guid? sponsorId = null) =>
        @operator.PostAsJsonAsync("/api/v1/allocations", new CreateAllocationRequest(
            workerId, sourceId, sponsorId, Period.Parse(start), end is null ? null : Period.Parse(end)));

    public async Task<AllocationResponse> AllocatedAsync(Guid workerId, Guid sourceId, string start, string? end = null, Guid? sponsorId = null)
    {
        var response = await AllocateAsync(workerId, sourceId, start, end, sponsorId);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AllocationResponse>())!;
    }

    public async Task<FundingSourceResponse> SourceByIdAsync(Guid id) =>
        (await @operator.GetFromJsonAsync<FundingSourceResponse>($"/api/v1/funding-sources/{id}"))!;

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => i == 0 ? (char)('1' + Random.Shared.Next(9)) : (char)('0' + Random.Shared.Next(10))));
}
