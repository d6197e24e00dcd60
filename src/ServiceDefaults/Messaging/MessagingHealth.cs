using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>The non-gating checks of the broker, the outbox and the error queues, reported at <c>/health/messaging</c>.</summary>
public static class MessagingHealth
{
    public const string Tag = "messaging";

    /// <summary>Each check's status, description and data (backlog counts, queue depths): what an operator needs to act on.</summary>
    public static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
