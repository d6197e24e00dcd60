// 50 clients for 60 s each on worker registration, worker reads and coverage checks against the stack
// the AppHost runs, beside a pgbench baseline on the same PostgreSQL; prints a table.
// Usage: dotnet run -c Release --project bench/Load [-- --duration 60 --clients 50 --warmup 5 --covered 200]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using PijarSemar.LoadBench;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Time;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Load [-- --duration <seconds, 60>] [--clients <50>] [--warmup <seconds, 5>] [--covered <workers, 200>]");
    return 2;
}

var duration = TimeSpan.FromSeconds(options.DurationSeconds);
var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
Console.WriteLine($"Load: {options.Clients} clients, {options.DurationSeconds} s a load (after {options.WarmupSeconds} s of warm-up not counted); "
    + $"{Environment.ProcessorCount} cores; load average before: {MachineLoad.Now()}");

var clock = Stopwatch.StartNew();
Console.WriteLine("Starting PostgreSQL and RabbitMQ (throw-away) and the AppHost with the four services…");
await using var stack = await StackUnderTest.StartAsync();
Console.WriteLine($"  stack ready in {clock.Elapsed.TotalSeconds:0} s");

using var operatorHttp = Http(await StackUnderTest.TokenAsync(Roles.Operator), options.Clients);
using var financeHttp = Http(await StackUnderTest.TokenAsync(Roles.Finance), options.Clients);
var today = SemarangTime.Today(TimeProvider.System);
var samples = new SampleRegistrations(today);

// pgbench first, while the services idle as they would: afterwards each service's pool holds up to 50
// idle connections, and those with pgbench's 50 would pass the server's default max_connections (100).
Console.WriteLine("pgbench baseline on the same PostgreSQL…");
await PgbenchBaseline.PrepareAsync(stack);
var insertBaseline = await WithPostgresCpuAsync(() => PgbenchBaseline.InsertAsync(stack, options.Clients, duration));
var selectBaseline = await WithPostgresCpuAsync(() => PgbenchBaseline.SelectAsync(stack, options.Clients, duration));

Console.WriteLine($"Seeding {options.Covered} covered workers (registered, verified, allocated, billed, paid)…");
clock.Restart();
var covered = await CoveredWorkers.SeedAsync(operatorHttp, financeHttp, samples, stack, options.Covered, today);
using (var check = await operatorHttp.GetAsync(new Uri(CoveredWorkers.CoverageUri(covered[0], today))))
{
    var body = await check.Content.ReadAsStringAsync();
    if (check.StatusCode != HttpStatusCode.OK || !body.Contains("\"status\":\"Covered\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"A seeded worker is not Covered: {(int)check.StatusCode}");
    }
}

Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:0} s");

var registered = new ConcurrentBag<Guid>();
var registration = await MeasureAsync("POST /api/v1/workers (registration)", "Registry", async ct =>
{
    using var response = await operatorHttp.PostAsJsonAsync($"{StackUnderTest.Registry}/api/v1/workers", samples.Next(), ct);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        return Outcome.Error(await Answers.DescribeAsync(response, ct));
    }

    registered.Add(Answers.CreatedId(response));
    return Outcome.Success;
});

var readable = registered.ToArray();
var reads = await MeasureAsync("GET /api/v1/workers/{id} (read)", "Registry", async ct =>
{
    using var response = await operatorHttp.GetAsync(new Uri($"{StackUnderTest.Registry}/api/v1/workers/{readable[Random.Shared.Next(readable.Length)]}"), ct);
    return response.StatusCode == HttpStatusCode.OK ? Outcome.Success : Outcome.Error(await Answers.DescribeAsync(response, ct));
});

// The contract answers 200 for every worker (NotCovered when not billed), so a non-200 is an error,
// and so is a seeded worker not answered Covered.
var coverage = await MeasureAsync("GET /api/v1/coverage/{workerId}?date= (Billing)", "Billing", async ct =>
{
    using var response = await operatorHttp.GetAsync(new Uri(CoveredWorkers.CoverageUri(covered[Random.Shared.Next(covered.Count)], today)), ct);
    if (response.StatusCode != HttpStatusCode.OK)
    {
        return Outcome.Error(await Answers.DescribeAsync(response, ct));
    }

    return (await response.Content.ReadAsStringAsync(ct)).Contains("\"status\":\"Covered\"", StringComparison.Ordinal)
        ? Outcome.Success
        : Outcome.Error("200 but not Covered");
});

Console.WriteLine();
Console.WriteLine($"Load average after: {MachineLoad.Now()}");
ResultTable.Print([registration, reads, coverage, insertBaseline, selectBaseline],
    [(registration, insertBaseline), (reads, selectBaseline), (coverage, selectBaseline)]);
if (registration.Errors + reads.Errors + coverage.Errors > 0)
{
    stack.KeepLog = true;
    Console.WriteLine($"The services' logs: {StackUnderTest.LogFile}");
    return 1;
}

return 0;

async Task<LoadResult> MeasureAsync(string name, string service, Func<CancellationToken, Task<Outcome>> call)
{
    Console.WriteLine($"{name}: warm-up {options.WarmupSeconds} s, then {options.DurationSeconds} s…");
    var warm = await ClosedLoop.RunAsync(name, options.Clients, warmup, call);
    if (warm.Errors > 0)
    {
        Console.WriteLine($"  warm-up errors: {warm.Errors} ({string.Join("; ", warm.Problems)})");
    }

    var serviceCpu = stack.ServiceCpu(service);
    var result = await WithPostgresCpuAsync(() => ClosedLoop.RunAsync(name, options.Clients, duration, call));
    result = result with { ServiceCpu = stack.ServiceCpu(service) - serviceCpu };
    Console.WriteLine($"  {result.Requests:N0} requests, {result.Throughput:N0} req/s, p50 {result.P50:0.0} ms, p99 {result.P99:0.0} ms, {result.Errors} errors");
    return result;
}

async Task<LoadResult> WithPostgresCpuAsync(Func<Task<LoadResult>> load)
{
    var before = stack.PostgresCpu;
    var result = await load();
    return result with { PostgresCpu = stack.PostgresCpu - before };
}

static HttpClient Http(string token, int clients) =>
    new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new("Bearer", token) },
    };
