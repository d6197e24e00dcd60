using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Http;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.OpenApi;
using PijarSemar.ServiceDefaults.RateLimiting;
using PijarSemar.ServiceDefaults.Telemetry;

namespace PijarSemar.ServiceDefaults;

public static class Extensions
{
    /// <summary>What every Pijar Semar service shares: telemetry, health, authentication, errors, JSON and OpenAPI.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddSecurityHeaders();
        builder.AddPijarAuthentication();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentActor>();
        builder.Services.AddHealthChecks();
        builder.AddPijarErrorHandling();
        builder.AddIdempotency();
        builder.AddPijarRateLimiting();
        builder.Services.AddOpenApi(options => options
            .AddOperationTransformer<ProblemResponsesTransformer>()
            .AddOperationTransformer<IdempotencyKeyParameterTransformer>()
            .AddSchemaTransformer<ConvertedTypesSchemaTransformer>());
        return builder;
    }

    /// <summary>Health probes (anonymous), the OpenAPI document, the security headers and the error-handling middleware.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseServerSpanTags();
        app.UseSecurityHeaders();
        app.UsePijarErrorHandling();
        app.UseIdempotency();
        app.UseAuthentication();
        app.UseAuthorization();

        // After authorization: a caller is counted by its token's subject, and a refused call costs no permit.
        app.UsePijarRateLimiting();

        // Liveness says only that the process answers. Readiness is the database and its migrations only:
        // a broker outage must not take every replica out of the load balancer, since the outbox holds
        // events until the broker is back. The broker, the outbox backlog and the error queues are
        // reported at /health/messaging, for people and alerts, not for probes.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
        }).AllowAnonymous();
        app.MapHealthChecks("/health/messaging", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(MessagingHealth.Tag),
            ResponseWriter = MessagingHealth.WriteReportAsync,
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
