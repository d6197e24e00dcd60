using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>Tokens as an attacker or a misconfigured client would make them, starting from a good one.</summary>
internal static class Tokens
{
    public static readonly string RegistryAudience = ServiceIdentity.AudienceFor("registry");

    public static string Valid(string subject, params string[] roles) =>
        DevelopmentTokens.Create(LocalService.SigningKey, subject, roles, [RegistryAudience]);

    /// <summary>A registry token for <c>alice</c> (operator) with <paramref name="change"/> applied before it is signed.</summary>
    public static string With(Action<SecurityTokenDescriptor> change)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokens.Issuer,
            Audience = RegistryAudience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, "alice"), new Claim("role", Roles.Operator)]),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(DevelopmentTokens.KeyFrom(LocalService.SigningKey), SecurityAlgorithms.HmacSha256),
        };
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
