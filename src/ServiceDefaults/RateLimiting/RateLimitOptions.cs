using System.ComponentModel.DataAnnotations;

namespace PijarSemar.ServiceDefaults.RateLimiting;

/// <summary>Settings of section <c>RateLimiting:{policy}</c>: how many requests one token subject may make per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}
