using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;

namespace PijarSemar.LoadBench;

/// <summary>
/// Workers who are Covered today, made the way the city makes them: registered and verified in
/// the registry, allocated to an APBD source in Funding (once their verification has reached it),
/// billed for this month by a billing run in Billing (once the allocations have reached it) and
/// the invoice paid in full. Only the wait for the allocations reads Billing's database: no
/// endpoint tells whether an event has arrived, and a run started early would miss workers.
/// </summary>
internal static class CoveredWorkers
{
    private const int Parallelism = 8;
    private const long MonthlyContribution = 16_800;
    private static readonly TimeSpan EventPatience = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<Guid>> SeedAsync(
        HttpClient operatorHttp, HttpClient financeHttp, SampleRegistrations samples, StackUnderTest stack, int count, DateOnly today)
    {
        var workers = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (_, ct) =>
        {
            using var registered = await operatorHttp.PostAsJsonAsync($"{StackUnderTest.Registry}/api/v1/workers", samples.Next(), ct)
                .ExpectAsync("Registering a worker to cover", HttpStatusCode.Created);
            var id = Answers.CreatedId(registered);
            using var verified = await operatorHttp.PostAsJsonAsync($"{StackUnderTest.Registry}/api/v1/workers/{id}/verification", new VerificationRequest(true, "KTP checked"), ct)
                .ExpectAsync("Verifying a worker to cover", HttpStatusCode.OK);
            workers.Add(id);
        });

        var month = Period.FromDate(today);
        using var created = await operatorHttp.PostAsJsonAsync($"{StackUnderTest.Funding}/api/v1/funding-sources", new CreateFundingSourceRequest(
                "APBD-LOAD-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), "APBD Kota Semarang (load benchmark)", "Apbd", month.Year, count,
                new Rupiah(count * MonthlyContribution * 12)))
            .ExpectAsync("Creating the funding source", HttpStatusCode.Created);
        var source = (await created.Content.ReadFromJsonAsync<FundingSourceResponse>())!.Id;

        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (worker, ct) =>
        {
            var patience = DateTime.UtcNow + EventPatience;
            while (true)
            {
                using var response = await operatorHttp.PostAsJsonAsync(
                    $"{StackUnderTest.Funding}/api/v1/allocations", new CreateAllocationRequest(worker, source, null, month, null), ct);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return;
                }

                // 422 until the worker's verification has reached Funding over the broker.
                if (response.StatusCode != HttpStatusCode.UnprocessableEntity || DateTime.UtcNow > patience)
                {
                    throw new InvalidOperationException($"Allocating a worker: {await Answers.DescribeAsync(response, ct)}");
                }

                await Task.Delay(250, ct);
            }
        });

        await WaitForAllocationsInBillingAsync(stack, source, count);

        using var run = await financeHttp.PostAsJsonAsync($"{StackUnderTest.Billing}/api/v1/billing-runs", new { period = month.ToString() })
            .ExpectAsync("Starting the billing run", HttpStatusCode.Accepted, HttpStatusCode.OK);
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await WaitForRunAsync(financeHttp, runId);

        using var invoices = await financeHttp.GetAsync(new Uri($"{StackUnderTest.Billing}/api/v1/invoices?period={month}&fundingSourceId={source}"))
            .ExpectAsync("Listing the invoices", HttpStatusCode.OK);
        foreach (var invoice in (await invoices.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray())
        {
            var id = invoice.GetProperty("id").GetGuid();
            using var paid = await financeHttp.PostAsJsonAsync(
                    $"{StackUnderTest.Billing}/api/v1/invoices/{id}/payments", new RecordPaymentRequest(invoice.GetProperty("total").GetInt64(), today, $"SP2D-LOAD-{id:N}"))
                .ExpectAsync("Paying the invoice", HttpStatusCode.Created, HttpStatusCode.OK);
        }

        return [.. workers];
    }

    private static async Task WaitForAllocationsInBillingAsync(StackUnderTest stack, Guid source, int count)
    {
        await using var billing = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(stack.Postgres) { Database = "billing", Pooling = false }.ConnectionString);
        await billing.OpenAsync();
        var patience = DateTime.UtcNow + EventPatience;
        long arrived;
        while ((arrived = await CountAsync()) < count)
        {
            if (DateTime.UtcNow > patience)
            {
                throw new TimeoutException($"Only {arrived} of {count} allocations reached Billing within {EventPatience.TotalMinutes:0} minutes.");
            }

            await Task.Delay(500);
        }

        async Task<long> CountAsync()
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM funded_allocations WHERE funding_source_id = $1", billing)
            {
                Parameters = { new() { Value = source } },
            };
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }

    private static async Task WaitForRunAsync(HttpClient financeHttp, Guid runId)
    {
        var patience = DateTime.UtcNow + EventPatience;
        while (true)
        {
            var run = await financeHttp.GetFromJsonAsync<JsonElement>(new Uri($"{StackUnderTest.Billing}/api/v1/billing-runs/{runId}"));
            var status = run.GetProperty("status").GetString();
            if (status == "Completed")
            {
                return;
            }

            if (status == "Failed" || DateTime.UtcNow > patience)
            {
                throw new InvalidOperationException($"The billing run is {status}: {run.GetProperty("lastError").GetString()}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The coverage answer a seeded worker must get: 200 and Covered.</summary>
    public static string CoverageUri(Guid worker, DateOnly day) =>
        $"{StackUnderTest.Billing}/api/v1/coverage/{worker}?date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
