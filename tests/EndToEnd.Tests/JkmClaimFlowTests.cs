extern alias BillingApi;
extern alias ClaimsApi;
extern alias FundingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Time;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>
/// The four services on the shared test broker, each on its own database; Registry and Billing
/// listen on real ports so Claims reaches them through its typed clients as it does in production.
/// </summary>
public sealed class FourServices : IAsyncLifetime
{
    public KestrelService<RegistryApi::Program> Registry { get; } = new("registry");

    public NeighbourOf<FundingApi::Program> Funding { get; private set; } = null!;

    public KestrelService<BillingApi::Program> Billing { get; } = new("billing");

    public NeighbourOf<ClaimsApi::Program> Claims { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Registry.InitializeAsync(), Billing.InitializeAsync());
        var registry = Address(Registry.Factory.Services);
        var billing = Address(Billing.Factory.Services);
        Funding = new NeighbourOf<FundingApi::Program>("funding", registry, billing);
        Claims = new NeighbourOf<ClaimsApi::Program>("claims", registry, billing);
        await Task.WhenAll(Funding.InitializeAsync(), Claims.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Claims.DisposeAsync();
        await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync(), Billing.DisposeAsync());
    }

    private static string Address(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public sealed class KestrelService<TProgram>(string service) : ServiceFixture<TProgram>(service)
        where TProgram : class
    {
        protected override void ConfigureFactory(ServiceFactory<TProgram> factory) => factory.UseKestrel(0);
    }

    /// <summary>A service that calls the registry and Billing (Funding, Claims), pointed at them.</summary>
    public sealed class NeighbourOf<TProgram>(string service, string registry, string billing) : ServiceFixture<TProgram>(service)
        where TProgram : class
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            [new("services:registry:http:0", registry), new("services:billing:http:0", billing)];
    }
}

public sealed class JkmClaimFlowTests(FourServices stack) : IClassFixture<FourServices>
{
    private static readonly TimeSpan EventPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_approved_death_claim_deactivates_the_worker_ends_the_funding_and_stops_billing_after_the_month_of_death()
    {
        var today = SemarangTime.Today(TimeProvider.System);
        var month = Period.FromDate(today);
        var worker = await VerifiedWorkerAsync();
        var allocation = await FundAsync(worker.Id, month);
        await BilledAndPaidAsync(worker.Id, month);

        var claims = stack.Claims.ClientAs(Roles.ClaimsOfficer);
        var filed = await claims.PostAsJsonAsync("/api/v1/claims", new
        {
            workerId = worker.Id,
            type = "Jkm",
            incidentDate = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            description = "Died at home after an illness",
            reportedBy = "Wife",
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var claim = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var claimId = claim.GetProperty("id").GetGuid();
        Assert.Equal("Covered", claim.GetProperty("coverage").GetProperty("status").GetString());

        foreach (var code in new[] { "DeathCertificate", "FamilyCard", "HeirsKtp", "ParticipantCard" })
        {
            (await claims.PutAsJsonAsync($"/api/v1/claims/{claimId}/documents/{code}", new { reference = $"DISNAKER/JKM/{code}" })).EnsureSuccessStatusCode();
        }

        await MoveAsync(claims, claimId, "Verified", amount: null);
        await MoveAsync(claims, claimId, "SentToBpjs", amount: null);
        await MoveAsync(stack.Claims.ClientAs(Roles.BpjsIntegration), claimId, "Approved", amount: 42_000_000);

        var registry = new RegistryClient(stack.Registry.ClientAs(Roles.Operator));
        var deactivated = await Eventually.ReturnsAsync(
            async () => await registry.GetWorkerAsync(worker.Id) is { Status: "Deactivated" } w ? w : null,
            EventPatience,
            "WorkerDeathConfirmed to deactivate the worker in the registry");
        Assert.Equal(("Deceased", today), (deactivated.StatusReason, deactivated.StatusEffectiveDate));

        var funding = stack.Funding.ClientAs(Roles.Operator);
        var status = await Eventually.ReturnsAsync(
            async () => await funding.GetFromJsonAsync<WorkerFundingStatus>($"/api/v1/workers/{worker.Id}/funding-status") is { RegistryStatus: "Deactivated" } s ? s : null,
            EventPatience,
            "WorkerDeactivated to reach Funding");
        Assert.False(status.Fundable);

        // The allocation ends with the month of death; in December it already did, so it stays as it was.
        var after = await funding.GetFromJsonAsync<AllocationResponse>($"/api/v1/allocations/{allocation.Id}");
        Assert.Equal(month, after!.EndPeriod);
        Assert.Equal(month.Month == 12 ? "Active" : "Ended", after.Status);

        var billedUntil = await Eventually.ReturnsAsync(
            async () => await stack.Billing.ScalarAsync<object>(
                "SELECT coalesce((SELECT end_month FROM funded_allocations WHERE allocation_id = @id AND end_month = @month), '0001-01-01'::date)",
                ("id", allocation.Id), ("month", month.FirstDay)) is DateOnly d && d == month.FirstDay ? (object)d : null,
            EventPatience,
            "FundingEnded to stop Billing after the month of death");
        Assert.Equal(month.FirstDay, billedUntil);
    }

    private async Task<WorkerResponse> VerifiedWorkerAsync()
    {
        var registry = stack.Registry.ClientAs(Roles.Operator);
        var worker = await new RegistryClient(registry).RegisterWorkerAsync(WorkerSamples.Valid());
        (await registry.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, "KTP checked"))).EnsureSuccessStatusCode();
        return worker;
    }

    private async Task<AllocationResponse> FundAsync(Guid workerId, Period month)
    {
        var funding = stack.Funding.ClientAs(Roles.Operator);
        var source = await funding.PostAsJsonAsync("/api/v1/funding-sources", new CreateFundingSourceRequest(
            ("APBD-JKM-" + Guid.NewGuid().ToString("N")[..10]).ToUpperInvariant(), "APBD Kota Semarang", "Apbd", month.Year, 10, new Rupiah(10_000_000)));
        source.EnsureSuccessStatusCode();
        var sourceId = (await source.Content.ReadFromJsonAsync<FundingSourceResponse>())!.Id;

        // The worker's verification reaches Funding over the broker; until then the allocation is refused as not fundable.
        var last = "";
        try
        {
            return await Eventually.ReturnsAsync(
                async () =>
                {
                    using var response = await funding.PostAsJsonAsync("/api/v1/allocations", new CreateAllocationRequest(workerId, sourceId, null, month, null));
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    return response.StatusCode == HttpStatusCode.Created ? await response.Content.ReadFromJsonAsync<AllocationResponse>() : null;
                },
                EventPatience,
                "the verified worker to be fundable");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Funding's last answer: {last}", e);
        }
    }

    private async Task BilledAndPaidAsync(Guid workerId, Period month)
    {
        // FundingAllocated must reach Billing before the month is billed.
        await Eventually.ReturnsAsync(
            async () => await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations WHERE worker_id = @w", ("w", workerId)) > 0 ? "" : null,
            EventPatience,
            "FundingAllocated to reach Billing");

        var finance = stack.Billing.ClientAs(Roles.Finance);
        var run = await (await finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month.ToString() })).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetGuid();
        await Eventually.ReturnsAsync(
            async () => (await finance.GetFromJsonAsync<JsonElement>($"/api/v1/billing-runs/{runId}")).GetProperty("status").GetString() == "Completed" ? "" : null,
            EventPatience,
            "the billing run to complete");

        var invoiceId = await stack.Billing.ScalarAsync<Guid>("SELECT invoice_id FROM invoice_lines WHERE worker_id = @w", ("w", workerId));
        var total = await stack.Billing.ScalarAsync<long>("SELECT total FROM invoices WHERE id = @i", ("i", invoiceId));
        (await finance.PostAsJsonAsync($"/api/v1/invoices/{invoiceId}/payments",
            new RecordPaymentRequest(total, SemarangTime.Today(TimeProvider.System), $"SP2D-{invoiceId:N}"))).EnsureSuccessStatusCode();
    }

    private static async Task MoveAsync(HttpClient client, Guid claimId, string to, long? amount)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/claims/{claimId}/transitions", new { to, note = $"Moved to {to}", amount });
        Assert.True(response.IsSuccessStatusCode, $"{to}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
