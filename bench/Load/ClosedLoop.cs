using System.Diagnostics;

namespace PijarSemar.LoadBench;

/// <summary>What one call came to: a success, or an error with a short description (status and title, never a body's personal data).</summary>
internal readonly record struct Outcome(bool Ok, string? Problem)
{
    public static Outcome Success { get; } = new(true, null);

    public static Outcome Error(string problem) => new(false, problem);
}

/// <summary>
/// A closed loop: each client sends its next request as soon as the previous one is answered,
/// until the time is up. Every request is timed from before it is sent until its whole answer
/// is read; requests still in flight at the deadline finish and count.
/// </summary>
internal static class ClosedLoop
{
    private const int ProblemsKept = 5;

    public static async Task<LoadResult> RunAsync(string name, int clients, TimeSpan duration, Func<CancellationToken, Task<Outcome>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(deadline, call))));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var latencies = perClient.SelectMany(c => c.Latencies).ToArray();
        Array.Sort(latencies);
        var problems = perClient.SelectMany(c => c.Problems).GroupBy(p => p).Select(g => $"{g.Count()} × {g.Key}").Take(ProblemsKept).ToList();
        return new LoadResult(name, clients, elapsed, latencies, perClient.Sum(c => c.Errors), problems);
    }

    private static async Task<ClientRecord> ClientAsync(long deadline, Func<CancellationToken, Task<Outcome>> call)
    {
        var record = new ClientRecord();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var sent = Stopwatch.GetTimestamp();
            Outcome outcome;
            try
            {
                outcome = await call(CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                outcome = Outcome.Error(e.GetType().Name + ": " + e.Message);
            }

            record.Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (!outcome.Ok)
            {
                record.Errors++;
                record.Problems.Add(outcome.Problem!);
            }
        }

        return record;
    }

    private sealed class ClientRecord
    {
        public List<double> Latencies { get; } = [];

        public List<string> Problems { get; } = [];

        public int Errors { get; set; }
    }
}

/// <summary>The figures of one load: every request's latency, sorted, and the errors among them.</summary>
internal sealed record LoadResult(string Name, int Clients, TimeSpan Elapsed, double[] SortedLatencies, int Errors, IReadOnlyList<string> Problems)
{
    public int Requests => SortedLatencies.Length;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    /// <summary>CPU the service under load used during the load; null for pgbench.</summary>
    public TimeSpan? ServiceCpu { get; init; }

    /// <summary>CPU PostgreSQL used during the load (every backend, the services' and pgbench's).</summary>
    public TimeSpan? PostgresCpu { get; init; }

    public double? ServiceCpuPerRequest => ServiceCpu is { } cpu && Requests > 0 ? cpu.TotalMilliseconds / Requests : null;

    public double? PostgresCpuPerRequest => PostgresCpu is { } cpu && Requests > 0 ? cpu.TotalMilliseconds / Requests : null;

    /// <summary>Nearest rank: the smallest latency at least <paramref name="fraction"/> of the requests did not exceed.</summary>
    public double Percentile(double fraction) =>
        SortedLatencies.Length == 0 ? double.NaN : SortedLatencies[Math.Max(0, (int)Math.Ceiling(fraction * SortedLatencies.Length) - 1)];
}
