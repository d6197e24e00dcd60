using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.AppHost;

/// <summary><c>token --role operator [--role finance] [--subject alice]</c>: prints a development JWT.</summary>
internal static class TokenCommand
{
    private const int UsageError = 2;

    public static int Run(IReadOnlyList<string> arguments)
    {
        var roles = new List<string>();
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
                default:
                    return Fail($"Unexpected argument '{arguments[i]}'; usage: token --role <role> [--role <role> ...] [--subject <name>].");
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

        var signingKey = StateDirectory.Locate().SigningKey();
        Console.WriteLine(DevelopmentTokens.Create(signingKey, subject ?? $"dev-{roles[0]}", roles.Distinct()));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return UsageError;
    }
}
