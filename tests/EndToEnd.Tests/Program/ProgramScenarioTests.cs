extern alias BillingApi;
extern alias ClaimsApi;
extern alias FundingApi;

using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;
using PijarSemar.EndToEnd.Tests.Processes;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;
using AllocationRunResponse = FundingApi::PijarSemar.Funding.AllocationRuns.AllocationRunResponse;
using BillingRunResponse = BillingApi::PijarSemar.Billing.Runs.BillingRunResponse;
using ClaimDetails = ClaimsApi::PijarSemar.Claims.Apis.ClaimDetails;
using InvoiceLineResponse = BillingApi::PijarSemar.Billing.Invoices.InvoiceLineResponse;
using InvoiceResponse = BillingApi::PijarSemar.Billing.Invoices.InvoiceResponse;
using SponsorResponse = FundingApi::PijarSemar.Funding.Sponsors.SponsorResponse;

namespace PijarSemar.EndToEnd.Tests.Program;

/// <summary>
/// The program as its users run it, over the four services started as processes: Disnaker
/// registers and verifies workers and funds them, finance bills and pays, claims officers and
/// BPJS settle an accident and a death, and the death frees a slot for a waiting worker. Only
/// the HTTP API is used; a database is read only where no API shows the fact.
/// </summary>
public sealed class ProgramScenarioTests(ProcessStack stack) : IClassFixture<ProcessStack>
{
    private const long Contribution = 16_800;
    private const long JkkMedicalBill = 7_350_000;
    private const long JkmBenefit = 42_000_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ProgramCalendar calendar = new(TimeProvider.System);
    private readonly ProgramCast cast = new();

    [Fact]
    public async Task Workers_are_registered_funded_billed_paid_and_covered_an_accident_is_paid_and_a_death_frees_the_slot_for_the_next_worker()
    {
        var workers = await RegisterAndVerifyAsync();
        var funding = await FundAsync(workers);
        var invoices = await BillTwoMonthsAsync(workers, funding);
        await PayAndCheckCoverageAsync(workers, funding, invoices);
        await SettleWorkAccidentAsync(workers.Becak, invoices.Apbd);
        await SettleDeathAndReuseTheSlotAsync(workers, funding);
        await AssertFinalCountsAsync(workers);

        // What every process wrote while it ran, PostgreSQL's log included when the run started its own server.
        var logs = stack.All.ToDictionary(s => s.Name, s => s.Output);
        Assert.All(logs, log => Assert.NotEmpty(log.Value));
        logs["PostgreSQL"] = TestServers.PostgresLog;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PIJAR_TEST_POSTGRES")))
        {
            Assert.NotEmpty(logs["PostgreSQL"]);
        }

        PersonalDataInLogs.AssertAbsent(cast.PersonalData, logs);
    }

    private async Task<ScenarioWorkers> RegisterAndVerifyAsync()
    {
        var registry = stack.Registry.ClientAs(Roles.Operator);
        async Task<Guid> RegisterAsync(RegisterWorkerRequest request)
        {
            var worker = await registry.PostForAsync<WorkerResponse>("/api/v1/workers", request);
            Assert.Equal(("Registered", request.Nik, request.FullName), (worker.Status, worker.Nik, worker.FullName));
            return worker.Id;
        }

        var workers = new ScenarioWorkers(
            Becak: await RegisterAsync(cast.Becak),
            Hawker: await RegisterAsync(cast.Hawker),
            P3ke: await RegisterAsync(cast.P3ke),
            Scavenger: await RegisterAsync(cast.Scavenger),
            ParkingAttendant: await RegisterAsync(cast.ParkingAttendant),
            Tailor: await RegisterAsync(cast.Tailor),
            Fisher: await RegisterAsync(cast.Fisher),
            FormallyEmployed: await RegisterAsync(cast.FormallyEmployed));

        var p3ke = await registry.GetForAsync<WorkerResponse>($"/api/v1/workers/{workers.P3ke}");
        Assert.Equal((true, null, "Kuli panggul pasar"), (p3ke.P3keListed, p3ke.OccupationCode, p3ke.OccupationText));

        // Neither in a vulnerable occupation nor in P3KE: not eligible, nothing registered.
        await (await registry.PostAsJsonAsync("/api/v1/workers", cast.BankClerk)).FieldsAsync("occupationCode");
        var again = await registry.PostAsJsonAsync("/api/v1/workers", cast.Tailor);
        Assert.Equal(workers.Tailor, (await again.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("existingWorkerId").GetGuid());
        Assert.Equal(8, (await registry.ListAsync<WorkerResponse>("/api/v1/workers?status=Registered")).Count);

        // In this order: the allocation run takes the earliest verified, but P3KE before them all.
        foreach (var id in new[] { workers.Becak, workers.Hawker, workers.ParkingAttendant, workers.Tailor, workers.Scavenger, workers.Fisher, workers.P3ke })
        {
            var verified = await registry.PostForAsync<WorkerResponse>($"/api/v1/workers/{id}/verification", new VerificationRequest(true, "KTP and KK checked at the kelurahan"), HttpStatusCode.OK);
            Assert.Equal("Verified", verified.Status);
        }

        var rejected = await registry.PostForAsync<WorkerResponse>(
            $"/api/v1/workers/{workers.FormallyEmployed}/verification",
            new VerificationRequest(false, "Works at a garment factory with BPJS cover of her own"),
            HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.Status);

        var fundingReader = stack.Funding.ClientAs(Roles.Operator);
        foreach (var id in workers.Verified)
        {
            await Eventually.ReturnsAsync(
                async () => await fundingReader.GetIfOkAsync<WorkerFundingStatus>($"/api/v1/workers/{id}/funding-status") is { RegistryStatus: "Verified", Fundable: true } s ? s : null,
                Patience,
                $"WorkerVerified of {id} to reach Funding");
        }

        return workers;
    }

    private async Task<ScenarioFunding> FundAsync(ScenarioWorkers workers)
    {
        var funding = stack.Funding.ClientAs(Roles.Operator);
        var civilServant = await funding.PostForAsync<SponsorResponse>(
            "/api/v1/sponsors", new { type = "Asn", identifier = ProgramCast.CivilServantNip, name = ProgramCast.CivilServantName, unit = "Dinas Tenaga Kerja" });
        var company = await funding.PostForAsync<SponsorResponse>(
            "/api/v1/sponsors", new { type = "Company", identifier = ProgramCast.CompanyNib, name = ProgramCast.CompanyName, unit = (string?)null });

        var years = new Dictionary<int, YearSources>();
        foreach (var year in calendar.FiscalYears)
        {
            async Task<Guid> SourceAsync(string code, string name, string type, int quota, long budget) =>
                (await funding.PostForAsync<FundingSourceResponse>(
                    "/api/v1/funding-sources", new CreateFundingSourceRequest($"{code}-{year}", $"{name} {year}", type, year, quota, new Rupiah(budget)))).Id;

            var sources = new YearSources(
                Apbd: await SourceAsync("APBD", "APBD Kota Semarang", "Apbd", 3, 100_000_000),
                Dbhcht: await SourceAsync("DBHCHT", "DBHCHT Kota Semarang", "Dbhcht", 1, 20_000_000),
                Csr: await SourceAsync("CSR", "CSR PT Sinar Kaligawe", "Csr", 2, 5_000_000),
                Asn: await SourceAsync("ASN", "ASN Peduli Pekerja Rentan", "Asn", 2, 5_000_000));
            years[year] = sources;
            var first = calendar.FirstFundedMonth(year);

            // ASN Peduli is paid by a civil servant the allocation names; without one it is refused.
            await (await funding.PostAsJsonAsync("/api/v1/allocations", new CreateAllocationRequest(workers.Tailor, sources.Asn, null, first, null)))
                .FieldsAsync("sponsorId");
            await SponsoredAsync(funding, workers.Tailor, sources.Asn, civilServant.Id, "Asn", first);
            await SponsoredAsync(funding, workers.ParkingAttendant, sources.Csr, company.Id, "Csr", first);

            var run = await AllocationRunAsync(year, first);
            Assert.Equal<(int?, int?, int?)>((5, 4, 1), (run.Considered, run.Allocated, run.LeftUnfunded));
            Assert.Equal(
                [($"APBD-{year}", "Apbd", 3L, 3L), ($"DBHCHT-{year}", "Dbhcht", 1L, 1L)],
                run.Sources.Select(s => (s.Code, s.Type, s.Capacity, s.Allocated)).ToArray());
            Assert.Equal(Sorted(workers.P3ke, workers.Becak, workers.Hawker), await FundedByAsync(funding, sources.Apbd, first));
            Assert.Equal(Sorted(workers.Scavenger), await FundedByAsync(funding, sources.Dbhcht, first));
        }

        Assert.Empty(await funding.ListAsync<AllocationResponse>($"/api/v1/allocations?workerId={workers.Fisher}"));

        // This year's budgets: three, one, one and one worker for every funded month.
        var thisYear = years[calendar.ThisMonth.Year];
        var months = calendar.FundedMonths(calendar.ThisMonth.Year);
        await UtilisationAsync(funding, thisYear.Apbd, allocatedNow: 3, remainingQuota: 0, cost: 3 * months * Contribution, budget: 100_000_000);
        await UtilisationAsync(funding, thisYear.Dbhcht, allocatedNow: 1, remainingQuota: 0, cost: months * Contribution, budget: 20_000_000);
        await UtilisationAsync(funding, thisYear.Csr, allocatedNow: 1, remainingQuota: 1, cost: months * Contribution, budget: 5_000_000);
        await UtilisationAsync(funding, thisYear.Asn, allocatedNow: 1, remainingQuota: 1, cost: months * Contribution, budget: 5_000_000);

        // Next month's city budget is full: the fisher waits for a slot.
        var full = await funding.PostAsJsonAsync(
            "/api/v1/allocations", new CreateAllocationRequest(workers.Fisher, years[calendar.NextMonth.Year].Apbd, null, calendar.NextMonth, null));
        Assert.Equal("quota", (await full.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("reason").GetString());

        return new ScenarioFunding(years, civilServant.Id, company.Id);
    }

    private async Task<ScenarioInvoices> BillTwoMonthsAsync(ScenarioWorkers workers, ScenarioFunding funding)
    {
        // Six workers funded in each fiscal year, as Billing must know them before it bills.
        var expected = 6L * calendar.FiscalYears.Count;
        await Eventually.ReturnsAsync(
            async () => await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations") == expected ? "" : null,
            Patience,
            $"{expected} FundingAllocated events to reach Billing");

        var finance = stack.Billing.ClientAs(Roles.Finance);
        foreach (var month in new[] { calendar.LastMonth, calendar.ThisMonth })
        {
            var run = await BillingRunAsync(finance, month);
            Assert.Equal(("Completed", "2025-01", Contribution, 4, 6, 6 * Contribution), (run.Status, run.TariffFrom, run.Amount, run.InvoiceCount, run.LineCount, run.Total));
        }

        var sources = funding.Year(calendar.ThisMonth);
        var invoices = await finance.ListAsync<InvoiceResponse>($"/api/v1/invoices?period={calendar.ThisMonth}");
        Assert.Equal(
            [
                ("Apbd", sources.Apbd, (Guid?)null, 3, 3 * Contribution),
                ("Asn", sources.Asn, funding.CivilServant, 1, Contribution),
                ("Csr", sources.Csr, funding.Company, 1, Contribution),
                ("Dbhcht", sources.Dbhcht, null, 1, Contribution),
            ],
            invoices.OrderBy(i => i.SourceType, StringComparer.Ordinal).Select(i => (i.SourceType, i.FundingSourceId, i.SponsorId, i.LineCount, i.Total.Amount)).ToArray());
        Assert.All(invoices, i => Assert.Equal(("Issued", 0L, i.Total), (i.Status, i.Paid.Amount, i.Outstanding)));

        var apbd = invoices.Single(i => i.SourceType == "Apbd");
        var lines = await finance.ListAsync<InvoiceLineResponse>($"/api/v1/invoices/{apbd.Id}/lines");
        Assert.Equal(Sorted(workers.P3ke, workers.Becak, workers.Hawker), lines.Select(l => l.WorkerId).Order().ToArray());
        Assert.All(lines, l => Assert.Equal((calendar.ThisMonth, Contribution), (l.Period, l.Amount.Amount)));

        return new ScenarioInvoices(apbd.Id, invoices.Single(i => i.SourceType == "Csr").Id);
    }

    private async Task PayAndCheckCoverageAsync(ScenarioWorkers workers, ScenarioFunding funding, ScenarioInvoices invoices)
    {
        var finance = stack.Billing.ClientAs(Roles.Finance);
        var reference = $"SP2D/{calendar.ThisMonth}/APBD/0001";
        var paid = await finance.PostForAsync<PaymentResponse>(
            $"/api/v1/invoices/{invoices.Apbd}/payments", new RecordPaymentRequest(3 * Contribution, calendar.Today, reference));
        Assert.Equal((3 * Contribution, "Paid"), (paid.InvoicePaid, paid.InvoiceStatus));
        var repeated = await finance.PostForAsync<PaymentResponse>(
            $"/api/v1/invoices/{invoices.Apbd}/payments", new RecordPaymentRequest(3 * Contribution, calendar.Today, reference), HttpStatusCode.OK);
        Assert.Equal((paid.Id, 3 * Contribution), (repeated.Id, repeated.InvoicePaid));

        var part = await finance.PostForAsync<PaymentResponse>(
            $"/api/v1/invoices/{invoices.Csr}/payments", new RecordPaymentRequest(10_000, calendar.Today, $"TRF/{calendar.ThisMonth}/CSR/0001"));
        Assert.Equal((10_000L, "PartiallyPaid"), (part.InvoicePaid, part.InvoiceStatus));

        var sources = funding.Year(calendar.ThisMonth);
        var thisMonth = await finance.GetForAsync<List<PayerPeriodReportRow>>($"/api/v1/reports/periods/{calendar.ThisMonth}");
        Assert.Equal(
            [
                ("Apbd", sources.Apbd, (Guid?)null, 1, 3 * Contribution, 3 * Contribution, 0L),
                ("Asn", sources.Asn, funding.CivilServant, 1, Contribution, 0L, Contribution),
                ("Csr", sources.Csr, funding.Company, 1, Contribution, 10_000L, Contribution - 10_000),
                ("Dbhcht", sources.Dbhcht, null, 1, Contribution, 0L, Contribution),
            ],
            thisMonth.OrderBy(r => r.SourceType, StringComparer.Ordinal).Select(r => (r.SourceType, r.FundingSourceId, r.SponsorId, r.Invoices, r.Billed, r.Paid, r.Outstanding)).ToArray());
        var lastMonth = await finance.GetForAsync<List<PayerPeriodReportRow>>($"/api/v1/reports/periods/{calendar.LastMonth}");
        Assert.Equal((4, 6 * Contribution, 0L, 6 * Contribution), (lastMonth.Count, lastMonth.Sum(r => r.Billed), lastMonth.Sum(r => r.Paid), lastMonth.Sum(r => r.Outstanding)));

        // Only a fully paid invoice protects its workers; a part payment cannot say whom it paid for.
        var coverage = stack.Billing.ClientAs(Roles.ClaimsOfficer);
        async Task<string> StatusAsync(Guid worker, DateOnly date) =>
            (await coverage.GetForAsync<CoverageResponse>($"/api/v1/coverage/{worker}?date={date:yyyy-MM-dd}")).Status;
        foreach (var (worker, status) in new[]
        {
            (workers.Becak, "Covered"), (workers.Hawker, "Covered"), (workers.P3ke, "Covered"),
            (workers.Scavenger, "PendingPayment"), (workers.ParkingAttendant, "PendingPayment"), (workers.Tailor, "PendingPayment"),
            (workers.Fisher, "NotCovered"), (workers.FormallyEmployed, "NotCovered"),
        })
        {
            Assert.Equal((worker, status), (worker, await StatusAsync(worker, calendar.Today)));
        }

        Assert.Equal("PendingPayment", await StatusAsync(workers.Becak, calendar.LastMonth.FirstDay));
        var becak = await coverage.GetForAsync<CoverageResponse>($"/api/v1/coverage/{workers.Becak}?date={calendar.Today:yyyy-MM-dd}");
        Assert.Equal((calendar.ThisMonth.ToString(), invoices.Apbd, sources.Apbd, (Guid?)null), (becak.Period, becak.InvoiceId, becak.FundingSourceId, becak.SponsorId));
    }

    private async Task SettleWorkAccidentAsync(Guid worker, Guid paidInvoice)
    {
        var officer = stack.Claims.ClientAs(Roles.ClaimsOfficer);
        var claim = await officer.PostForAsync<ClaimDetails>("/api/v1/claims", new
        {
            workerId = worker,
            type = "Jkk",
            incidentDate = calendar.Today,
            description = "Thrown from his becak by a motorbike on the way to the market; right wrist broken",
            location = "Jl. Pemuda, Semarang Tengah",
            reportedBy = "Ketua paguyuban becak",
        });
        Assert.Equal(("Submitted", "Covered", calendar.ThisMonth.ToString(), (Guid?)paidInvoice), (claim.Status, claim.Coverage.Status, claim.Coverage.Period, claim.Coverage.InvoiceId));

        foreach (var code in new[] { "AccidentReport", "MedicalRecords", "Ktp" })
        {
            await officer.PutForAsync<ClaimDetails>($"/api/v1/claims/{claim.Id}/documents/{code}", new { reference = $"DISNAKER/JKK/{code}" });
        }

        await MoveAsync(officer, claim.Id, "Verified", null);
        await MoveAsync(officer, claim.Id, "SentToBpjs", null);
        var bpjs = stack.Claims.ClientAs(Roles.BpjsIntegration);
        await MoveAsync(bpjs, claim.Id, "Approved", JkkMedicalBill);
        var paid = await MoveAsync(bpjs, claim.Id, "Paid", JkkMedicalBill);

        Assert.Equal(("Paid", (long?)JkkMedicalBill, (long?)JkkMedicalBill), (paid.Status, paid.ApprovedAmount, paid.PaidAmount));
        Assert.NotNull(paid.ClosedAt);
        Assert.Equal(["Submitted", "Verified", "SentToBpjs", "Approved", "Paid"], paid.History.Select(h => h.To).ToArray());
        Assert.All(paid.Documents, d => Assert.True(d.Received, d.Code));
    }

    private async Task SettleDeathAndReuseTheSlotAsync(ScenarioWorkers workers, ScenarioFunding funding)
    {
        var officer = stack.Claims.ClientAs(Roles.ClaimsOfficer);
        var claim = await officer.PostForAsync<ClaimDetails>("/api/v1/claims", new
        {
            workerId = workers.Hawker,
            type = "Jkm",
            incidentDate = calendar.Today,
            description = "Died at home after a stroke",
            reportedBy = "Her son",
        });
        Assert.Equal("Covered", claim.Coverage.Status);
        foreach (var code in new[] { "DeathCertificate", "FamilyCard", "HeirsKtp", "ParticipantCard" })
        {
            await officer.PutForAsync<ClaimDetails>($"/api/v1/claims/{claim.Id}/documents/{code}", new { reference = $"DISNAKER/JKM/{code}" });
        }

        await MoveAsync(officer, claim.Id, "Verified", null);
        await MoveAsync(officer, claim.Id, "SentToBpjs", null);
        var approved = await MoveAsync(stack.Claims.ClientAs(Roles.BpjsIntegration), claim.Id, "Approved", JkmBenefit);
        Assert.Equal(("Approved", (long?)JkmBenefit), (approved.Status, approved.ApprovedAmount));

        var registry = stack.Registry.ClientAs(Roles.Operator);
        var deceased = await Eventually.ReturnsAsync(
            async () => await registry.GetForAsync<WorkerResponse>($"/api/v1/workers/{workers.Hawker}") is { Status: "Deactivated" } w ? w : null,
            Patience,
            "WorkerDeathConfirmed to deactivate the hawker in the registry");
        Assert.Equal(("Deceased", (DateOnly?)calendar.Today), (deceased.StatusReason, deceased.StatusEffectiveDate));

        // Funded to the month of death and no longer: the allocation that funded next month has ended.
        var operatorClient = stack.Funding.ClientAs(Roles.Operator);
        var nextYear = funding.Year(calendar.NextMonth);
        var ended = await Eventually.ReturnsAsync(
            async () => (await operatorClient.ListAsync<AllocationResponse>($"/api/v1/allocations?workerId={workers.Hawker}"))
                .SingleOrDefault(a => a.FundingSourceId == nextYear.Apbd && a.Status == "Ended"),
            Patience,
            "WorkerDeactivated to end the hawker's allocation in Funding");
        Assert.Equal((calendar.ThisMonth, "WorkerDeactivated:Deceased"), (ended.EndPeriod, ended.EndReason));
        var hawkers = await operatorClient.ListAsync<AllocationResponse>($"/api/v1/allocations?workerId={workers.Hawker}");
        Assert.Equal(calendar.FiscalYears.Count, hawkers.Count);
        Assert.All(hawkers, a => Assert.True(a.EndPeriod <= calendar.ThisMonth, $"{a.Id} ends {a.EndPeriod}"));

        // The freed place goes to the worker who waited, by the next allocation run.
        var run = await AllocationRunAsync(calendar.NextMonth.Year, calendar.NextMonth);
        Assert.Equal<(int?, int?, int?)>((1, 1, 0), (run.Considered, run.Allocated, run.LeftUnfunded));
        Assert.Equal(
            [($"APBD-{calendar.NextMonth.Year}", "Apbd", 1L, 1L), ($"DBHCHT-{calendar.NextMonth.Year}", "Dbhcht", 0L, 0L)],
            run.Sources.Select(s => (s.Code, s.Type, s.Capacity, s.Allocated)).ToArray());
        Assert.Equal(Sorted(workers.P3ke, workers.Becak, workers.Fisher), await FundedByAsync(operatorClient, nextYear.Apbd, calendar.NextMonth));
        var fisher = Assert.Single(await operatorClient.ListAsync<AllocationResponse>($"/api/v1/allocations?workerId={workers.Fisher}"));
        Assert.Equal((nextYear.Apbd, calendar.NextMonth, new Period(calendar.NextMonth.Year, 12), "Active"), (fisher.FundingSourceId, fisher.StartPeriod, fisher.EndPeriod, fisher.Status));

        // Billing has not run next month yet (it cannot: it has not begun); who it will bill is its read model, which no API lists.
        var billedNextMonth = Sorted(workers.P3ke, workers.Becak, workers.Fisher, workers.Scavenger, workers.ParkingAttendant, workers.Tailor);
        await Eventually.ReturnsAsync(
            async () => (await stack.Billing.ScalarAsync<Guid[]>(
                "SELECT coalesce(array_agg(worker_id ORDER BY worker_id), '{}') FROM funded_allocations WHERE start_month <= @month AND end_month >= @month",
                ("month", calendar.NextMonth.FirstDay))).Order().SequenceEqual(billedNextMonth) ? "" : null,
            Patience,
            "FundingEnded and the fisher's FundingAllocated to reach Billing, so next month bills the fisher and not the deceased");
        Assert.Equal(2L, await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE worker_id = @w", ("w", workers.Hawker)));
    }

    private async Task AssertFinalCountsAsync(ScenarioWorkers workers)
    {
        var registry = stack.Registry.ClientAs(Roles.Auditor);
        Assert.Equal(6, (await registry.ListAsync<WorkerResponse>("/api/v1/workers?status=Verified")).Count);
        Assert.Equal([workers.Hawker], (await registry.ListAsync<WorkerResponse>("/api/v1/workers?status=Deactivated")).Select(w => w.Id).ToArray());
        Assert.Equal([workers.FormallyEmployed], (await registry.ListAsync<WorkerResponse>("/api/v1/workers?status=Rejected")).Select(w => w.Id).ToArray());

        var claims = stack.Claims.ClientAs(Roles.Auditor);
        var all = await claims.ListAsync<ClaimsApi::PijarSemar.Claims.Apis.ClaimSummary>("/api/v1/claims");
        Assert.Equal(
            [(workers.Becak, "Jkk", "Paid"), (workers.Hawker, "Jkm", "Approved")],
            all.Select(c => (c.WorkerId, c.Type, c.Status)).ToArray());
    }

    private static async Task SponsoredAsync(HttpClient funding, Guid worker, Guid source, Guid sponsor, string type, Period first)
    {
        var allocation = await funding.PostForAsync<AllocationResponse>("/api/v1/allocations", new CreateAllocationRequest(worker, source, sponsor, first, null));
        Assert.Equal((type, (Guid?)sponsor, first, new Period(first.Year, 12), "Active"), (allocation.SourceType, allocation.SponsorId, allocation.StartPeriod, allocation.EndPeriod, allocation.Status));
    }

    private async Task<AllocationRunResponse> AllocationRunAsync(int fiscalYear, Period start)
    {
        var funding = stack.Funding.ClientAs(Roles.Operator);
        var queued = await funding.PostForAsync<AllocationRunResponse>("/api/v1/allocation-runs", new { fiscalYear, startPeriod = start }, HttpStatusCode.Accepted);
        var run = await Eventually.ReturnsAsync(
            async () => await funding.GetForAsync<AllocationRunResponse>($"/api/v1/allocation-runs/{queued.Id}") is { Status: "Completed" or "Failed" } r ? r : null,
            Patience,
            $"the allocation run of {fiscalYear} from {start} to complete");
        Assert.True(run.Status == "Completed", $"The allocation run failed: {run.LastError}");
        Assert.Equal((start, new Period(fiscalYear, 12)), (run.StartPeriod, run.EndPeriod));
        return run;
    }

    private static async Task<BillingRunResponse> BillingRunAsync(HttpClient finance, Period month)
    {
        using var response = await finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month });
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"Billing {month}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var queued = (await response.Content.ReadFromJsonAsync<BillingRunResponse>())!;
        return await Eventually.ReturnsAsync(
            async () => await finance.GetForAsync<BillingRunResponse>($"/api/v1/billing-runs/{queued.Id}") is { Status: "Completed" or "Failed" } r ? r : null,
            Patience,
            $"the billing run of {month} to complete");
    }

    private static async Task<ClaimDetails> MoveAsync(HttpClient client, Guid claim, string to, long? amount)
    {
        var moved = await client.PostForAsync<ClaimDetails>($"/api/v1/claims/{claim}/transitions", new { to, note = $"Checked, moved to {to}", amount }, HttpStatusCode.OK);
        Assert.Equal(to, moved.Status);
        return moved;
    }

    private static async Task<Guid[]> FundedByAsync(HttpClient funding, Guid source, Period month) =>
        [.. (await funding.ListAsync<AllocationResponse>($"/api/v1/allocations?fundingSourceId={source}&period={month}")).Select(a => a.WorkerId).Order()];

    private static async Task UtilisationAsync(HttpClient funding, Guid source, int allocatedNow, int remainingQuota, long cost, long budget)
    {
        var s = await funding.GetForAsync<FundingSourceResponse>($"/api/v1/funding-sources/{source}");
        Assert.Equal(
            (s.Code, allocatedNow, remainingQuota, (long?)cost, (long?)(budget - cost)),
            (s.Code, s.AllocatedNow, s.RemainingQuota, s.ProjectedCost?.Amount, s.RemainingBudget?.Amount));
    }

    private static Guid[] Sorted(params Guid[] ids) => [.. ids.Order()];

    private sealed record ScenarioWorkers(
        Guid Becak, Guid Hawker, Guid P3ke, Guid Scavenger, Guid ParkingAttendant, Guid Tailor, Guid Fisher, Guid FormallyEmployed)
    {
        public Guid[] Verified => [Becak, Hawker, P3ke, Scavenger, ParkingAttendant, Tailor, Fisher];
    }

    private sealed record YearSources(Guid Apbd, Guid Dbhcht, Guid Csr, Guid Asn);

    private sealed record ScenarioFunding(IReadOnlyDictionary<int, YearSources> Years, Guid CivilServant, Guid Company)
    {
        public YearSources Year(Period month) => Years[month.Year];
    }

    private sealed record ScenarioInvoices(Guid Apbd, Guid Csr);
}
