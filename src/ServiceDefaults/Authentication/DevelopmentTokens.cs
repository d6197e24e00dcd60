using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>
/// Signs tokens with a local symmetric key so a developer (or a test) can call the APIs.
/// Production never uses this: it validates tokens from the city's identity provider.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "pijar-semar-dev";
    public const string Audience = "pijar-semar";

    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SymmetricSecurityKey KeyFrom(string signingKeyBase64) =>
        new(Convert.FromBase64String(signingKeyBase64));

    public static string Create(
        string signingKeyBase64, string subject, IEnumerable<string> roles, TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(KeyFrom(signingKeyBase64), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
