using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.TestSupport;

/// <summary>Signs tokens the test hosts accept, with a key made for this test run only.</summary>
public static class TestTokens
{
    public static readonly string SigningKey = DevelopmentTokens.NewSigningKey();

    public static string For(string subject, params string[] roles) => DevelopmentTokens.Create(SigningKey, subject, roles);
}
