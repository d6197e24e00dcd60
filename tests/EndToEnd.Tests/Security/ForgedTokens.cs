using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>Tokens an attacker or a misconfigured client would send, each wrong in exactly one way, for every service's audience.</summary>
public static class ForgedTokens
{
    private const string Subject = "forger";

    private static IEnumerable<string> EveryAudience => TestTokens.Services.Select(ServiceIdentity.AudienceFor);

    /// <summary>Expired five minutes ago: past the one minute of clock skew the services allow.</summary>
    public static string Expired(string role) =>
        DevelopmentTokens.Create(TestTokens.SigningKey, Subject, [role], EveryAudience, lifetime: TimeSpan.FromMinutes(-5));

    /// <summary>Signed with the right key and valid only from ten minutes from now.</summary>
    public static string NotYetValid(string role)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, Subject), new Claim("role", role)]),
            NotBefore = now.AddMinutes(10),
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(DevelopmentTokens.KeyFrom(TestTokens.SigningKey), DevelopmentTokens.Algorithm),
        };
        foreach (var audience in EveryAudience)
        {
            descriptor.Audiences.Add(audience);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Well-formed in every claim, signed with a key the services never saw.</summary>
    public static string SignedWithAnotherKey(string role) =>
        DevelopmentTokens.Create(DevelopmentTokens.NewSigningKey(), Subject, [role], EveryAudience);

    /// <summary>A good token's claims under the header <c>{"alg":"none"}</c> and no signature: the classic downgrade.</summary>
    public static string WithAlgNone(string role)
    {
        var genuine = new JsonWebToken(TestTokens.For(Subject, role));
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        return $"{header}.{genuine.EncodedPayload}.";
    }
}
