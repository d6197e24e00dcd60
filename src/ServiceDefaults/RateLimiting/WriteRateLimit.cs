using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.RateLimiting;

/// <summary>
/// One fixed window per caller over all of a service's writes (<see cref="RateLimitPolicies.Writes"/>),
/// whatever endpoint each goes to. A singleton, so the container stops its replenishing timer at shutdown.
/// </summary>
internal sealed class WriteRateLimiter : IDisposable
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public WriteRateLimiter(IOptionsMonitor<RateLimitOptions> options)
    {
        _options = options;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitingExtensions.FixedWindowPerCaller(context, Limits));
    }

    public RateLimitOptions Limits => _options.Get(RateLimitPolicies.Writes);

    public RateLimitLease Acquire(HttpContext context) => _limiter.AttemptAcquire(context);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Answers a caller past its write allowance with a 429 before the endpoint runs; reads pass untouched.</summary>
internal sealed class WriteRateLimit(RequestDelegate next, WriteRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsWrite(context.Request.Method))
        {
            await next(context);
            return;
        }

        using var lease = limiter.Acquire(context);
        if (!lease.IsAcquired)
        {
            await RateLimitingExtensions.TooManyRequestsAsync(context, lease, limiter.Limits, "writes");
            return;
        }

        await next(context);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
