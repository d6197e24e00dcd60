using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 answers, so no bad input ever surfaces as a 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        RequestValidationException e => new HttpValidationProblemDetails(e.Errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
        },
        BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [FieldOf(json.Path)] = ["The value is not in the expected format."] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body could not be read.",
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
        BusinessRuleException e => new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = e.Title, Detail = e.Message,
        },
        DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Changed by someone else.",
            Detail = "The record was changed by another request at the same time; read it again and retry.",
        },
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            or DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => new ProblemDetails
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
}
