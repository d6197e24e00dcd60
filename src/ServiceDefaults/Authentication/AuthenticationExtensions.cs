using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace PijarSemar.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>What the city's identity provider may sign with; a symmetric or unsigned token is never its.</summary>
    private static readonly string[] AuthorityAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>
    /// JWT bearer for every endpoint. Production names the city's identity provider in
    /// <c>Auth:Authority</c>; development and tests sign their own tokens with <c>Auth:SigningKey</c>.
    /// A token must be signed, unexpired, and for this service's audience (<c>Auth:Audience</c>,
    /// by default <c>pijar-semar-{service}</c>), and every policy needs its subject.
    /// </summary>
    public static IHostApplicationBuilder AddPijarAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        RefuseUnsafeConfiguration(builder.Environment, authority, signingKey);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ValidateAudience = true,
                    ValidAudience = ServiceIdentity.Audience(builder.Configuration, builder.Environment),
                    ValidateIssuer = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrWhiteSpace(authority))
                {
                    options.Authority = authority;
                    options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                    options.TokenValidationParameters.ValidAlgorithms = AuthorityAlgorithms;
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.KeyFrom(signingKey!);
                    options.TokenValidationParameters.ValidAlgorithms = [DevelopmentTokens.Algorithm];
                }
            });

        builder.Services.AddAuthorizationBuilder().AddPijarPolicies();
        return builder;
    }

    /// <summary>
    /// A development key anywhere else would let whoever holds it mint any role for any worker's
    /// record, so the service does not start rather than start unsafe.
    /// </summary>
    private static void RefuseUnsafeConfiguration(IHostEnvironment environment, string? authority, string? signingKey)
    {
        if (!string.IsNullOrWhiteSpace(signingKey) && !ServiceIdentity.MayUseDevelopmentKey(environment))
        {
            throw new InvalidOperationException(
                $"Auth:SigningKey is set in the {environment.EnvironmentName} environment, but development keys are accepted in " +
                $"{Environments.Development} and {ServiceIdentity.TestingEnvironment} only. Remove it and set Auth:Authority to the identity provider.");
        }

        if (string.IsNullOrWhiteSpace(authority) && environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Auth:Authority is not set: in Production tokens are validated against the city's identity provider, which it must name.");
        }

        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(signingKey))
        {
            throw new InvalidOperationException(
                "No token validation is configured: set Auth:Authority (the identity provider) or, in development, Auth:SigningKey.");
        }
    }
}
