using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PijarSemar.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core starts a span for each request but, without the instrumentation package, leaves
/// it without the route and status that make it searchable. This sets them (OpenTelemetry's
/// semantic names) and names the span <c>{method} {route}</c>. It runs first, so the status it
/// reads is the one the exception handler finally wrote.
/// </summary>
public sealed class ServerSpanTags(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            await next(context);
            return;
        }

        var route = Route(context);
        try
        {
            await next(context);
        }
        finally
        {
            route ??= Route(context);
            var status = context.Response.StatusCode;
            activity.SetTag("http.request.method", context.Request.Method);
            activity.SetTag("http.response.status_code", status);
            if (route is not null)
            {
                activity.SetTag("http.route", route);
                activity.DisplayName = $"{context.Request.Method} {route}";
            }

            if (status >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    private static string? Route(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
}
