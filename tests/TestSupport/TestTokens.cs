using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.TestSupport;

/// <summary>Signs tokens the test hosts accept, with a key made for this test run only.</summary>
public static class TestTokens
{
    public static readonly string SigningKey = DevelopmentTokens.NewSigningKey();

    /// <summary>The services a token from <see cref="For"/> is good for, like the AppHost's development tokens.</summary>
    public static readonly IReadOnlyList<string> Services = ["registry", "funding", "billing", "claims"];

    /// <summary>A token every service accepts, so a test can follow a call from one service to the next.</summary>
    public static string For(string subject, params string[] roles) =>
        DevelopmentTokens.Create(SigningKey, subject, roles, Services.Select(ServiceIdentity.AudienceFor));

    /// <summary>A token for one service only; any other refuses it.</summary>
    public static string ForService(string service, string subject, params string[] roles) =>
        DevelopmentTokens.Create(SigningKey, subject, roles, [ServiceIdentity.AudienceFor(service)]);
}
