using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.AppHost;

/// <summary>
/// <c>token --role operator [--role finance] [--subject alice] [--service registry]</c>: prints a
/// development JWT. Without <c>--service</c> it is good for every service, as a token a caller's
/// requests are forwarded with must be; with it, only for the services named.
/// </summary>
internal static class TokenCommand
{
    private const int UsageError = 2;

    public static int Run(IReadOnlyList<string> arguments)
    {
        var roles = new List<string>();
        var services = new List<string>();
        string? subject = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--role" when i + 1 < arguments.Count:
                    roles.Add(arguments[++i]);
                    break;
                case "--subject" when i + 1 < arguments.Count:
                    subject = arguments[++i];
                    break;
                case "--service" when i + 1 < arguments.Count:
                    services.Add(arguments[++i]);
                    break;
                default:
                    return Fail($"Unexpected argument '{arguments[i]}'; usage: token --role <role> [--role <role> ...] [--subject <name>] [--service <name> ...].");
            }
        }
        var validRoles = string.Join(", ", Roles.All);
        if (roles.Count == 0)
        {
            return Fail($"Give at least one --role; valid roles: {validRoles}.");
        }
        if (roles.FirstOrDefault(role => !Roles.All.Contains(role)) is { } unknown)
        {
            return Fail($"Unknown role '{unknown}'; valid roles: {validRoles}.");
        }
        var known = ServiceDefinition.All.Select(service => service.Name).ToList();
        if (services.FirstOrDefault(service => !known.Contains(service)) is { } unknownService)
        {
            return Fail($"Unknown service '{unknownService}'; services: {string.Join(", ", known)}.");
        }
        if (subject is not null && string.IsNullOrWhiteSpace(subject))
        {
            return Fail("--subject must not be empty: the services record it as who acted.");
        }

        var audiences = (services.Count > 0 ? services.Distinct() : known).Select(ServiceIdentity.AudienceFor);
        var signingKey = StateDirectory.Locate().SigningKey();
        Console.WriteLine(DevelopmentTokens.Create(signingKey, subject ?? $"dev-{roles[0]}", roles.Distinct(), audiences));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return UsageError;
    }
}
