using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>
    /// ASP.NET Core's rate limiter with the policies of <see cref="RateLimitPolicies"/>, and the
    /// write limit over every POST, PUT, PATCH and DELETE: a fixed window per token subject (so one
    /// caller's script does not slow every other caller), limits from
    /// <c>RateLimiting:{policy}:PermitLimit</c> and <c>:Window</c>, and a 429 ProblemDetails with
    /// <c>Retry-After</c> when a caller has used them up.
    /// </summary>
    public static IHostApplicationBuilder AddPijarRateLimiting(this IHostApplicationBuilder builder)
    {
        foreach (var (name, defaults) in RateLimitPolicies.Defaults)
        {
            AddLimits(builder.Services, name, defaults);
        }

        AddLimits(builder.Services, RateLimitPolicies.Writes, RateLimitPolicies.WritesDefault);
        builder.Services.AddSingleton<WriteRateLimiter>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            foreach (var name in RateLimitPolicies.Defaults.Keys)
            {
                limiter.AddPolicy(name, context => FixedWindowPerCaller(context, Limits(context, name)));
            }
        });
        return builder;
    }

    /// <summary>The endpoints' policies, then the write limit; after authorization, so a refused call costs no permit.</summary>
    public static WebApplication UsePijarRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<WriteRateLimit>();
        return app;
    }

    private static void AddLimits(IServiceCollection services, string name, RateLimitOptions defaults) =>
        services.AddOptions<RateLimitOptions>(name)
            .Configure(options =>
            {
                options.PermitLimit = defaults.PermitLimit;
                options.Window = defaults.Window;
            })
            .BindConfiguration($"{RateLimitOptions.Section}:{name}")
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>
    /// A caller is its token's subject; every endpoint with a policy needs one, so the address is
    /// only a fallback for an anonymous endpoint, where no subject exists.
    /// </summary>
    internal static RateLimitPartition<string> FixedWindowPerCaller(HttpContext context, RateLimitOptions limits)
    {
        var subject = context.User.FindFirst("sub")?.Value;
        var caller = string.IsNullOrEmpty(subject) ? "address:" + context.Connection.RemoteIpAddress : "subject:" + subject;
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = limits.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        return TooManyRequestsAsync(context, rejected.Lease, policy is null ? null : Limits(context, policy));
    }

    /// <summary>The 429 every limit answers with: ProblemDetails saying the limit, and when to come back in <c>Retry-After</c>.</summary>
    internal static async ValueTask TooManyRequestsAsync(HttpContext context, RateLimitLease lease, RateLimitOptions? limits, string counted = "requests")
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits?.Window ?? TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests.",
            Detail = limits is null
                ? $"Too many requests from this caller; try again in {seconds} s."
                : $"At most {limits.PermitLimit} {counted} per {limits.Window} for each caller here; try again in {seconds} s.",
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static RateLimitOptions Limits(HttpContext context, string policy) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().Get(policy);
}
