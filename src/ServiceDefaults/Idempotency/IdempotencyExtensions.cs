using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PijarSemar.ServiceDefaults.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>The key store in the service's database, its clean-up, and its settings (section <c>Idempotency</c>).</summary>
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddHostedService<IdempotencyCleanup>();
        return builder;
    }

    /// <summary>
    /// A client may send <c>Idempotency-Key</c> with this POST: retried with the same key and body,
    /// it gets the first answer again instead of a second effect (see <see cref="IdempotencyFilter"/>).
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new IdempotentEndpoint())
        .AddEndpointFilter<IdempotencyFilter>();

    /// <summary>Keeps the body of a request to an idempotent endpoint readable twice: once to fingerprint, once to bind.</summary>
    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentEndpoint>() is not null
                && context.Request.Headers.ContainsKey(IdempotencyFilter.HeaderName))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });
        return app;
    }
}

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentEndpoint;
