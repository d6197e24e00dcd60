using System.Net;
using System.Net.Http.Json;
using PijarSemar.Billing.Runs;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests;

public sealed class TariffChangeTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private readonly HttpClient _finance = billing.ClientAs(Roles.Finance);

    [Fact]
    public async Task A_tariff_from_mid_year_prices_its_month_and_later_ones_while_earlier_months_and_billed_ones_keep_the_old_amount()
    {
        var (may, june, july) = (new Period(2026, 5), new Period(2026, 6), new Period(2026, 7));
        await billing.FundAsync(3, Guid.NewGuid(), "Apbd", null, new Period(2026, 1), new Period(2026, 12));
        var mayRun = await RunAsync(may);

        var created = await _finance.PostAsJsonAsync("/api/v1/tariffs", new { effectiveFrom = "2026-06", incomeBase = 1_234_567, jkkRate = 0.0124m, jkmAmount = 6_800 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tariff = (await created.Content.ReadFromJsonAsync<TariffResponse>())!;
        Assert.Equal(15_308 + 6_800, tariff.MonthlyContribution);  // 1,234,567 × 1.24% = 15,308.63, rounded down

        var julyRun = await RunAsync(july);
        var aprilRun = await RunAsync(new Period(2026, 4));
        Assert.Equal((16_800L, "2025-01"), (mayRun.Amount!.Value, mayRun.TariffFrom));
        Assert.Equal((22_108L, "2026-06", 3 * 22_108L), (julyRun.Amount!.Value, julyRun.TariffFrom, julyRun.Total));
        Assert.Equal(16_800L, aprilRun.Amount!.Value);
        Assert.Equal(3 * 16_800L, await billing.ScalarAsync<long>("SELECT sum(amount)::bigint FROM invoice_lines WHERE period = @p", ("p", may.FirstDay)));

        // June is not billed yet, but July is: a tariff from June would reprice a billed month.
        var late = await _finance.PostAsJsonAsync("/api/v1/tariffs", new { effectiveFrom = june, incomeBase = 2_000_000, jkkRate = 0.01m, jkmAmount = 6_800 });
        Assert.Equal("Month already billed.", (await late.ProblemAsync(HttpStatusCode.Conflict)).Title());
        var tariffs = (await _finance.GetFromJsonAsync<Page<TariffResponse>>("/api/v1/tariffs"))!.Items;
        Assert.Equal(1_234_567, Assert.Single(tariffs, t => t.EffectiveFrom == "2026-06").IncomeBase);
        Assert.Equal(22_108L, (await RunAsync(june)).Amount!.Value);
    }

    [Fact]
    public async Task A_second_tariff_for_the_same_month_is_a_conflict()
    {
        var first = await _finance.PostAsJsonAsync("/api/v1/tariffs", new { effectiveFrom = "2030-01", incomeBase = 1_000_000, jkkRate = 0.02m, jkmAmount = 6_800 });
        var second = await _finance.PostAsJsonAsync("/api/v1/tariffs", new { effectiveFrom = "2030-01", incomeBase = 1_000_000, jkkRate = 0.03m, jkmAmount = 6_800 });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("Tariff exists.", (await second.ProblemAsync(HttpStatusCode.Conflict)).Title());
    }

    [Theory]
    [InlineData("""{ "incomeBase": 1000000, "jkkRate": 0.01, "jkmAmount": 6800 }""", "effectiveFrom")]
    [InlineData("""{ "effectiveFrom": "2031-1", "incomeBase": 1000000, "jkkRate": 0.01, "jkmAmount": 6800 }""", "effectiveFrom")]
    [InlineData("""{ "effectiveFrom": "2031-01", "incomeBase": 0, "jkkRate": 0.01, "jkmAmount": 6800 }""", "incomeBase")]
    [InlineData("""{ "effectiveFrom": "2031-01", "incomeBase": 1000000, "jkkRate": 1, "jkmAmount": 6800 }""", "jkkRate")]
    [InlineData("""{ "effectiveFrom": "2031-01", "incomeBase": 1000000, "jkkRate": 0.0000001, "jkmAmount": 6800 }""", "jkkRate")]
    [InlineData("""{ "effectiveFrom": "2031-01", "incomeBase": 1000000, "jkkRate": 0.01, "jkmAmount": -1 }""", "jkmAmount")]
    public async Task A_tariff_with_a_missing_or_impossible_field_is_a_400_naming_it_and_nothing_is_written(string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        await (await _finance.PostAsync("/api/v1/tariffs", content)).FieldsAsync(field);
        Assert.Equal(0L, await billing.ScalarAsync<long>("SELECT count(*) FROM tariffs WHERE effective_from = '2031-01'"));
    }

    [Fact]
    public async Task Only_finance_adds_tariffs()
    {
        var response = await billing.ClientAs(Roles.Operator).PostAsJsonAsync(
            "/api/v1/tariffs", new { effectiveFrom = "2032-01", incomeBase = 1_000_000, jkkRate = 0.01m, jkmAmount = 6_800 });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<BillingRunResponse> RunAsync(Period period)
    {
        var response = await _finance.PostAsJsonAsync("/api/v1/billing-runs", new { period });
        var run = (await response.Content.ReadFromJsonAsync<BillingRunResponse>())!;
        return await _finance.CompletedRunAsync(run.Id);
    }
}
