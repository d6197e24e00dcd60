using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PijarSemar.ServiceDefaults.Http;

/// <summary>
/// The headers that tell a browser or a proxy what to do with an answer: never guess its type,
/// never frame it, never run or load anything from it, never pass its address on, and never
/// store an API answer, since every one of them may name a worker.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Answers under this path carry personal data (NIK, names, claims), so no cache may keep them.</summary>
    public static readonly PathString ApiPath = new("/api");

    /// <summary>Nothing in an answer of ours is a page: no script, style, image or frame may come from it.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Kestrel stops naming itself in a <c>Server</c> header: the name and version only help an attacker choose.</summary>
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    /// <summary>
    /// Sets the headers as the answer starts rather than now: the exception handler and the
    /// status-code pages clear or rewrite the response on the way out, and a 401, 413 or 500
    /// must carry them as much as a 200.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });
        return app;
    }

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (context.Request.Path.StartsWithSegments(ApiPath))
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }
}
