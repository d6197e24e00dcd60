using System.Globalization;

namespace PijarSemar.LoadBench;

/// <summary>The command line: <c>--duration</c> (seconds a load lasts), <c>--clients</c>, <c>--warmup</c> (seconds not counted before each service load), <c>--covered</c> (seeded workers).</summary>
internal sealed record BenchOptions(int DurationSeconds, int Clients, int WarmupSeconds, int Covered)
{
    /// <returns>null when an argument is unknown or not a positive whole number.</returns>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(DurationSeconds: 60, Clients: 50, WarmupSeconds: 5, Covered: 200);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                return null;
            }

            options = args[i] switch
            {
                "--duration" when value > 0 => options with { DurationSeconds = value },
                "--clients" when value > 0 => options with { Clients = value },
                "--warmup" => options with { WarmupSeconds = value },
                "--covered" when value > 0 => options with { Covered = value },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }
}
