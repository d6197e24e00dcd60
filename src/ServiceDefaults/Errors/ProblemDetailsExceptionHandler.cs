using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 answers, so no bad input ever surfaces as a 500,
/// and the one place that logs what is left: by type and SQLSTATE, never with the data a database
/// error quotes.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a caller should wait before retrying while the database is unavailable (a restart takes seconds).</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DatabaseErrors.IsUnavailable(exception))
        {
            // Readiness already takes the replica out of the load balancer; a request in flight gets a retryable answer, not a 500.
            LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName ?? httpContext.Request.Path.ToString(),
                DatabaseErrors.Describe(exception));
            exception = new ServiceUnavailableException(
                "The database is unavailable.", "The service cannot reach its database now; try again shortly.", DatabaseRetryAfter);
        }

        var problem = ToProblem(exception);
        if (problem is null)
        {
            LogUnhandled(logger, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName ?? httpContext.Request.Path.ToString(),
                DatabaseErrors.Describe(exception), DatabaseErrors.Redact(exception));
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The request was not completed. It has been logged; try again later.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is ServiceUnavailableException unavailable)
        {
            httpContext.Response.Headers.RetryAfter =
                ((int)Math.Ceiling(unavailable.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The answer for an exception the caller caused or may retry; null for a fault of ours (a 500).</summary>
    public static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        RequestValidationException e => new HttpValidationProblemDetails(e.Errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
        },
        BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [FieldOf(json.Path)] = [MessageOf(json)] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body could not be read.",
        },
        RequestBodyTooLargeException or BadHttpRequestException { InnerException: RequestBodyTooLargeException } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Detail = exception.Message,
        },
        BadHttpRequestException e => new ProblemDetails
        {
            Status = e.StatusCode,
            Title = "The request could not be read.",
            Detail = e.Message,
        },
        NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = e.Title, Detail = e.Message },
        ConflictException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = e.Title, Detail = e.Message }, e.Extensions),
        BusinessRuleException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = e.Title, Detail = e.Message }, e.Extensions),
        ServiceUnavailableException e => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable, Title = e.Title, Detail = e.Message,
        },
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed by someone else.",
            Detail = "The record was changed by another request at the same time; read it again and retry.",
        },

        // Only the service's own tables say something about the caller's data; a clash in the outbox or inbox is a fault of ours.
        _ when DatabaseErrors.IsBusinessDuplicate(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Already exists.",
            Detail = "A record with the same identifying value already exists.",
        },
        _ => null,
    };

    private static ProblemDetails WithExtensions(ProblemDetails problem, IReadOnlyDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>Turns a JSON path such as <c>$.birthDate</c> into the field name the client sent.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string MessageOf(JsonException json) => json switch
    {
        ControlCharacterException => ControlCharacters.Message,
        _ when json.Message.StartsWith("Duplicate", StringComparison.Ordinal) => "The property appears more than once.",
        _ => "The value is not in the expected format.",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while answering {Method} {Endpoint}: {Error}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string endpoint, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Endpoint}: {Error}")]
    private static partial void LogUnhandled(ILogger logger, string method, string endpoint, string error, Exception exception);
}
