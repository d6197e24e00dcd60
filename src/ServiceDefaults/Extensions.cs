using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Telemetry;

namespace PijarSemar.ServiceDefaults;

public static class Extensions
{
    /// <summary>What every Pijar Semar service shares: telemetry, health, authentication, errors, JSON and OpenAPI.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddPijarAuthentication();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddHealthChecks();
        builder.AddPijarErrorHandling();
        builder.AddIdempotency();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Health probes (anonymous), the OpenAPI document and the error-handling middleware.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UsePijarErrorHandling();
        app.UseIdempotency();
        app.UseAuthentication();
        app.UseAuthorization();

        // Liveness says only that the process answers; readiness checks the database and the broker.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),

            // MassTransit reports a lost broker connection as Degraded; for readiness that is not ready.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

        // The contract describes no personal data, so it is readable without a token in development.
        var openApi = app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            openApi.AllowAnonymous();
        }

        return app;
    }
}
