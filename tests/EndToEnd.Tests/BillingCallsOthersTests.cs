extern alias BillingApi;
extern alias FundingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>Registry and Funding on real ports, and Billing calling them as it does in production.</summary>
public sealed class BillingWithRegistryAndFunding : IAsyncLifetime
{
    public KestrelRegistry Registry { get; } = new();

    public KestrelFunding Funding { get; } = new();

    public BillingCallingOthers Billing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync());
        Billing = new BillingCallingOthers(Address(Registry.Factory.Services), Address(Funding.Factory.Services));
        await Billing.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Billing.DisposeAsync();
        await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync());
    }

    private static string Address(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public sealed class KestrelRegistry() : ServiceFixture<RegistryApi::Program>("registry")
    {
        protected override void ConfigureFactory(ServiceFactory<RegistryApi::Program> factory) => factory.UseKestrel(0);
    }

    public sealed class KestrelFunding() : ServiceFixture<FundingApi::Program>("funding")
    {
        protected override void ConfigureFactory(ServiceFactory<FundingApi::Program> factory) => factory.UseKestrel(0);
    }

    public sealed class BillingCallingOthers(string registry, string funding) : ServiceFixture<BillingApi::Program>("billing")
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("services:registry:http:0", registry), new("services:funding:http:0", funding)];
    }
}

public sealed class BillingCallsOthersTests(BillingWithRegistryAndFunding stack) : IClassFixture<BillingWithRegistryAndFunding>
{
    [Fact]
    public async Task The_bpjs_upload_csv_carries_registrys_nik_and_name_for_every_line()
    {
        IRegistryClient registry = new RegistryClient(stack.Registry.ClientAs(Roles.Operator));
        var workers = new List<WorkerResponse>();
        for (var i = 0; i < 3; i++)
        {
            workers.Add(await registry.RegisterWorkerAsync(WorkerSamples.Valid()));
        }

        var invoiceId = await IssueAsync(new Period(2026, 2), [.. workers.Select(w => w.Id)], sponsorId: null);

        var csv = await stack.Billing.ClientAs(Roles.BpjsIntegration).GetStringAsync($"/api/v1/invoices/{invoiceId}/lines.csv");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"nik\",\"name\",\"period\",\"amount\"", lines[0]);
        Assert.Equal(
            workers.Select(w => $"\"{w.Nik}\",\"{w.FullName}\",\"2026-02\",\"16800\"").Order(),
            lines.Skip(1).Order());
        Assert.Equal(1, await stack.Registry.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'worker-lookup'"));
    }

    [Fact]
    public async Task A_sponsor_sees_its_own_invoices_and_another_sponsors_invoice_is_404()
    {
        var mine = await SponsorAsync("198001012010011001");
        var theirs = await SponsorAsync("198001012010011002");
        var myInvoice = await IssueAsync(new Period(2026, 3), [Guid.CreateVersion7()], mine);
        var theirInvoice = await IssueAsync(new Period(2026, 3), [Guid.CreateVersion7()], theirs);
        var client = stack.Billing.ClientAs(Roles.Sponsor, subject: "198001012010011001");

        var page = await client.GetFromJsonAsync<Page<BillingApi::PijarSemar.Billing.Sponsors.SponsorInvoiceResponse>>("/api/v1/sponsors/me/invoices");
        var other = await client.GetAsync($"/api/v1/sponsors/me/invoices/{theirInvoice}");
        var own = await client.GetAsync($"/api/v1/sponsors/me/invoices/{myInvoice}");
        var unknownSponsor = await stack.Billing.ClientAs(Roles.Sponsor, subject: "199901012020011009").GetAsync("/api/v1/sponsors/me/invoices");

        Assert.Equal([myInvoice], page!.Items.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSponsor.StatusCode);
    }

    private async Task<Guid> SponsorAsync(string nip)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(stack.Funding.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO sponsors (id, type, identifier, name, unit, created_at, created_by, updated_at) VALUES (@id, 'Asn', @nip, 'ASN sponsor', 'Disnaker', now(), 'test', now())",
            connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("nip", nip);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<Guid> IssueAsync(Period period, IReadOnlyList<Guid> workers, Guid? sponsorId)
    {
        var invoiceId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(stack.Billing.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO billing_runs (id, period, status, amount, requested_by, requested_at) VALUES (gen_random_uuid(), @p, 'Completed', 16800, 'test', now())
            ON CONFLICT (period) DO NOTHING;
            INSERT INTO invoices (id, run_id, period, funding_source_id, source_type, sponsor_id, line_count, total, status, issued_at)
            SELECT @i, id, @p, gen_random_uuid(), CASE WHEN @s::uuid IS NULL THEN 'Apbd' ELSE 'Asn' END, @s::uuid, cardinality(@w), 16800 * cardinality(@w), 'Issued', now()
            FROM billing_runs WHERE period = @p;
            INSERT INTO invoice_lines (worker_id, period, invoice_id, allocation_id, amount) SELECT w, @p, @i, gen_random_uuid(), 16800 FROM unnest(@w) AS w;
            """, connection);
        command.Parameters.AddWithValue("p", period.FirstDay);
        command.Parameters.AddWithValue("i", invoiceId);
        command.Parameters.Add(new NpgsqlParameter("s", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)sponsorId ?? DBNull.Value });
        command.Parameters.AddWithValue("w", workers.ToArray());
        await command.ExecuteNonQueryAsync();
        return invoiceId;
    }
}
