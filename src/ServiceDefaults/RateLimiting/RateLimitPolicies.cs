namespace PijarSemar.ServiceDefaults.RateLimiting;

/// <summary>
/// The named rate-limit policies an endpoint may ask for (<c>.RequireRateLimiting(RateLimitPolicies.Search)</c>),
/// each counted per token subject, with the limits it has unless <c>RateLimiting:{name}</c> says otherwise.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>
    /// Searches that return personal data: a person searching by hand needs a few a minute; a
    /// script walking the registry for NIKs needs thousands, and meets this first.
    /// </summary>
    public const string Search = "search";

    /// <summary>Uploads of worker files: each one is a background job over up to hundreds of thousands of rows.</summary>
    public const string Import = "import";

    /// <summary>Each policy's limits when configuration names none.</summary>
    public static readonly IReadOnlyDictionary<string, RateLimitOptions> Defaults = new Dictionary<string, RateLimitOptions>
    {
        [Search] = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) },
        [Import] = new() { PermitLimit = 30, Window = TimeSpan.FromHours(1) },
    };
}
