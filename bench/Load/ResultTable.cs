namespace PijarSemar.LoadBench;

/// <summary>The figures as a Markdown table, then the service/pgbench ratios of throughput and p50.</summary>
internal static class ResultTable
{
    private static string Cpu(double? milliseconds) => milliseconds is { } ms ? ms.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "–";

    public static void Print(IReadOnlyList<LoadResult> results, IReadOnlyList<(LoadResult Service, LoadResult Baseline)> ratios)
    {
        Console.WriteLine();
        Console.WriteLine("| load | clients | seconds | requests | req/s | p50 ms | p99 ms | errors | service CPU ms/req | PostgreSQL CPU ms/req |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Name} | {r.Clients} | {r.Elapsed.TotalSeconds:0.0} | {r.Requests:N0} | {r.Throughput:N0} | {r.P50:0.00} | {r.P99:0.00} | {r.Errors} "
                + $"| {Cpu(r.ServiceCpuPerRequest)} | {Cpu(r.PostgresCpuPerRequest)} |");
        }

        Console.WriteLine();
        Console.WriteLine("| service / pgbench | throughput ratio | p50 ratio | PostgreSQL CPU per request ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (service, baseline) in ratios)
        {
            Console.WriteLine($"| {service.Name} / {baseline.Name} | {service.Throughput / baseline.Throughput:0.000} | {service.P50 / baseline.P50:0.0} "
                + $"| {service.PostgresCpuPerRequest / baseline.PostgresCpuPerRequest:0.0} |");
        }

        foreach (var r in results.Where(r => r.Errors > 0))
        {
            Console.WriteLine($"Errors of {r.Name}: {string.Join("; ", r.Problems)}");
        }
    }
}
