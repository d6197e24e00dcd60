using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace PijarSemar.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer for every endpoint. Production names the city's identity provider in
    /// <c>Auth:Authority</c>; development and tests sign their own tokens with <c>Auth:SigningKey</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPijarAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var authority = auth["Authority"];
        var signingKey = auth["SigningKey"];
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(signingKey))
        {
            throw new InvalidOperationException(
                "No token validation is configured: set Auth:Authority (the identity provider) or, in development, Auth:SigningKey.");
        }

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ValidAudience = auth["Audience"] ?? DevelopmentTokens.Audience,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                if (!string.IsNullOrWhiteSpace(authority))
                {
                    options.Authority = authority;
                    options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                    options.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.KeyFrom(signingKey!);
                }
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build())
            .AddRolePolicies();
        return builder;
    }

    private static void AddRolePolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder authorization)
    {
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireRole(role));
        }
    }
}
