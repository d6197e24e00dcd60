using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>
/// Signs tokens with a local symmetric key so a developer (or a test) can call the APIs.
/// Only the Development and Testing environments accept them; production validates tokens
/// from the city's identity provider and refuses to start with a key configured.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "pijar-semar-dev";

    /// <summary>The one algorithm a development token may use; anything else is refused, whatever its signature.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SymmetricSecurityKey KeyFrom(string signingKeyBase64) =>
        new(Convert.FromBase64String(signingKeyBase64));

    /// <summary>A token for <paramref name="audiences"/> (one per service it may call, see <see cref="ServiceIdentity.AudienceFor"/>).</summary>
    public static string Create(
        string signingKeyBase64,
        string subject,
        IEnumerable<string> roles,
        IEnumerable<string> audiences,
        TimeSpan? lifetime = null)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Select(role => new Claim("role", role)));
        var now = DateTime.UtcNow;
        var expires = now.Add(lifetime ?? TimeSpan.FromHours(8));
        var notBefore = now.AddMinutes(-1) < expires ? now.AddMinutes(-1) : expires.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(KeyFrom(signingKeyBase64), Algorithm),
        };
        foreach (var audience in audiences)
        {
            descriptor.Audiences.Add(audience);
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
