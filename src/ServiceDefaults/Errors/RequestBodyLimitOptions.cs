using System.ComponentModel.DataAnnotations;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>Settings of section <c>RequestLimits</c>.</summary>
public sealed class RequestBodyLimitOptions
{
    public const string Section = "RequestLimits";

    /// <summary>
    /// Largest JSON request body, in bytes. Our JSON requests are a few kilobytes; a larger one is
    /// refused with 413 before it is read. Endpoints taking files (CSV imports) set their own limit.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;
}
