using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests;

public sealed class TariffsTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task The_seeded_tariff_charges_16800_rupiah_a_month()
    {
        var page = await billing.ClientAs(Roles.Finance).GetFromJsonAsync<Page<TariffResponse>>("/api/v1/tariffs");

        var tariff = Assert.Single(page!.Items);
        Assert.Equal(1_000_000, tariff.IncomeBase);
        Assert.Equal(0.01m, tariff.JkkRate);
        Assert.Equal(6_800, tariff.JkmAmount);
        Assert.Equal(16_800, tariff.MonthlyContribution);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Tariffs_need_a_token()
    {
        var response = await billing.AnonymousClient().GetAsync("/api/v1/tariffs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tariffs_are_not_shown_to_a_sponsor()
    {
        var response = await billing.ClientAs(Roles.Sponsor).GetAsync("/api/v1/tariffs");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
