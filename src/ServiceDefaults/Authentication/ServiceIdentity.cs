using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>
/// Who this service is: its short name (<c>registry</c>), the audience its tokens must name, and
/// whether it may trust the development key. One place, so the audience a service checks and the
/// audience a caller asks for can never drift apart.
/// </summary>
public static class ServiceIdentity
{
    public const string TestingEnvironment = "Testing";

    private const string AudiencePrefix = "pijar-semar-";

    /// <summary>The audience tokens for <paramref name="serviceName"/> carry: <c>pijar-semar-registry</c>.</summary>
    public static string AudienceFor(string serviceName) => AudiencePrefix + serviceName;

    /// <summary><c>registry</c> for the assembly <c>PijarSemar.Registry.Api</c>, unless <c>Auth:ServiceName</c> says otherwise.</summary>
    public static string ServiceName(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Auth:ServiceName"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var name = environment.ApplicationName;
        if (name.StartsWith("PijarSemar.", StringComparison.Ordinal))
        {
            name = name["PijarSemar.".Length..];
        }

        if (name.EndsWith(".Api", StringComparison.Ordinal))
        {
            name = name[..^".Api".Length];
        }

        return name.Replace('.', '-').ToLowerInvariant();
    }

    /// <summary>The audience this service accepts: <c>Auth:Audience</c>, or the one derived from its name.</summary>
    public static string Audience(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Auth:Audience"] is { Length: > 0 } audience ? audience : AudienceFor(ServiceName(configuration, environment));

    /// <summary>Only a developer's machine and the test host may sign their own tokens.</summary>
    public static bool MayUseDevelopmentKey(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
}
