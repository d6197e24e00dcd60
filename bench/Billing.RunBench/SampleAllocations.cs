using Npgsql;

namespace PijarSemar.Billing.RunBench;

/// <summary>
/// The read model as Funding's events would leave it for a month: of every 250,000 allocations,
/// 48% APBD and 20% DBHCHT (one source each, paid by the source), 16% CSR spread over 200
/// companies and 16% ASN over 16,000 civil servants (each a sponsor of its own invoice).
/// </summary>
internal static class SampleAllocations
{
    public const int CsrCompanies = 200;
    public const int AsnSponsors = 16_000;

    public static int Payers => 2 + CsrCompanies + AsnSponsors;

    public static async Task InsertAsync(NpgsqlDataSource dataSource, int count, DateOnly month)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, version, updated_at)
            SELECT gen_random_uuid(), gen_random_uuid(),
                   CASE WHEN share < 0.48 THEN @apbd WHEN share < 0.68 THEN @dbhcht WHEN share < 0.84 THEN @csr ELSE @asn END,
                   CASE WHEN share < 0.48 THEN 'Apbd' WHEN share < 0.68 THEN 'Dbhcht' WHEN share < 0.84 THEN 'Csr' ELSE 'Asn' END,
                   CASE WHEN share < 0.68 THEN NULL
                        WHEN share < 0.84 THEN (@companies::uuid[])[1 + n % @company_count]
                        ELSE (@civil_servants::uuid[])[1 + n % @civil_servant_count] END,
                   @month, @month, 1, now()
            FROM (SELECT n, (n - 1)::float8 / @count AS share FROM generate_series(1, @count) AS n) AS allocations
            """);
        command.Parameters.AddWithValue("apbd", Guid.NewGuid());
        command.Parameters.AddWithValue("dbhcht", Guid.NewGuid());
        command.Parameters.AddWithValue("csr", Guid.NewGuid());
        command.Parameters.AddWithValue("asn", Guid.NewGuid());
        command.Parameters.AddWithValue("companies", Enumerable.Range(0, CsrCompanies).Select(_ => Guid.NewGuid()).ToArray());
        command.Parameters.AddWithValue("company_count", CsrCompanies);
        command.Parameters.AddWithValue("civil_servants", Enumerable.Range(0, AsnSponsors).Select(_ => Guid.NewGuid()).ToArray());
        command.Parameters.AddWithValue("civil_servant_count", AsnSponsors);
        command.Parameters.AddWithValue("month", month);
        command.Parameters.AddWithValue("count", count);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        await using var analyze = dataSource.CreateCommand("ANALYZE funded_allocations");
        await analyze.ExecuteNonQueryAsync();
    }
}
