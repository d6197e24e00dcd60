using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PijarSemar.Funding;

/// <summary>
/// Funding cannot decide without another service that does not answer now (Billing's tariffs,
/// the registry's word on a worker): 503 with Retry-After, and nothing was written.
/// </summary>
public sealed class ServiceUnavailableException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>Turns <see cref="ServiceUnavailableException"/> into a 503 ProblemDetails; the shared handler runs first and leaves it alone.</summary>
internal sealed class ServiceUnavailableHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ServiceUnavailableException unavailable)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = unavailable.Title,
                Detail = unavailable.Message,
            },
            Exception = exception,
        });
    }
}
