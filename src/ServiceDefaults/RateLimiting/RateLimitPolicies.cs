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

    /// <summary>
    /// Not a policy an endpoint names but every POST, PUT, PATCH and DELETE, on top of its
    /// endpoint's own policy: a script replaying registrations or payments meets this long before
    /// the database does, while a person at a desk or a program flow never does.
    /// </summary>
    public const string Writes = "writes";

    /// <summary>The write limit when <c>RateLimiting:Writes</c> names none: ten writes a second, kept up for a minute.</summary>
    public static readonly RateLimitOptions WritesDefault = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Each policy's limits when configuration names none.</summary>
    public static readonly IReadOnlyDictionary<string, RateLimitOptions> Defaults = new Dictionary<string, RateLimitOptions>
    {
        [Search] = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) },
        [Import] = new() { PermitLimit = 30, Window = TimeSpan.FromHours(1) },
    };
}
