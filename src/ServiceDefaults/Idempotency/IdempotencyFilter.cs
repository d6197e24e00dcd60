using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.ServiceDefaults.Idempotency;

/// <summary>
/// Runs a POST once per <c>Idempotency-Key</c>: the first request's answer (2xx, or a 4xx the
/// caller caused) is stored and replayed to the same caller sending the same key and request; the
/// same key with another request is a 422; while the first is still running, a second is a 409
/// (the client retries after <c>Retry-After</c>). A 5xx is not stored, so a retry runs again.
/// Replayed: status, body, Content-Type and Location, marked with <c>Idempotent-Replayed: true</c>.
/// </summary>
internal sealed class IdempotencyFilter(IdempotencyStore store, CurrentActor actor, IProblemDetailsService problems) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 100;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var values = http.Request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return await next(context);
        }

        if (values.Count > 1 || !IsValidKey(values[0]))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    [HeaderName] = [$"Send one key of 1 to {MaxKeyLength} printable ASCII characters, such as a UUID."],
                },
                title: "One or more fields are invalid.");
        }

        var key = values[0]!;
        var subject = actor.Subject;
        var ct = http.RequestAborted;
        var claim = await store.ClaimAsync(subject, key, EndpointOf(http), await FingerprintAsync(http.Request, ct), ct);
        return claim.Kind switch
        {
            IdempotencyClaimKind.Answered => new ReplayedAnswer(claim.Answer!),
            IdempotencyClaimKind.InProgress => new StillRunning(),
            IdempotencyClaimKind.OtherRequest => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was used for another request.",
                detail: "This key was sent before with a different request; use a new key for a new request."),
            _ => await RunOnceAsync(context, next, subject, key),
        };
    }

    private async Task<object?> RunOnceAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string subject, string key)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            try
            {
                await ExecuteAsync(await next(context), http);
            }
            catch (Exception e) when (Replayable(e) is { } problem)
            {
                // The answer the exception handler would give, written here so that it is stored too.
                http.Response.StatusCode = problem.Status!.Value;
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = e });
            }
        }
        catch
        {
            http.Response.Body = original;
            await store.ReleaseAsync(subject, key, CancellationToken.None);
            throw;
        }

        http.Response.Body = original;
        var status = http.Response.StatusCode;
        if (IsStored(status))
        {
            var location = http.Response.Headers.Location.ToString();
            await store.CompleteAsync(
                subject, key, new StoredAnswer(status, http.Response.ContentType, location.Length == 0 ? null : location, captured.ToArray()),
                CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(subject, key, CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>The problem for an exception the caller caused; not a conflict with a concurrent change, which a retry may pass.</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Replayable(Exception exception) =>
        exception is DbUpdateConcurrencyException
            ? null
            : ProblemDetailsExceptionHandler.ToProblem(exception) is { Status: >= 400 and < 500 } problem ? problem : null;

    /// <summary>Successes and the caller's own mistakes are answers; timeouts, throttling and 5xx are worth a retry.</summary>
    private static bool IsStored(int status) =>
        status is >= 200 and < 300 || status is >= 400 and < 500 and not (StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests);

    private static async Task ExecuteAsync(object? result, HttpContext http)
    {
        switch (result)
        {
            case null:
                break;
            case IResult answer:
                await answer.ExecuteAsync(http);
                break;
            case string text:
                await TypedResults.Text(text).ExecuteAsync(http);
                break;
            default:
                await TypedResults.Ok(result).ExecuteAsync(http);
                break;
        }
    }

    private static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~') && !string.IsNullOrWhiteSpace(key);

    private static string EndpointOf(HttpContext http) =>
        $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.ToString()}";

    /// <summary>What makes two requests the same: method, path, query and body, byte for byte.</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
        }

        return hash.GetHashAndReset();
    }

    private sealed class StillRunning : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "A request with this Idempotency-Key is still running.",
                detail: "Wait for its answer, or retry after a second to get it.").ExecuteAsync(httpContext);
        }
    }

    /// <summary>The stored answer, as it was given the first time.</summary>
    private sealed class ReplayedAnswer(StoredAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.StatusCode;
            response.ContentType = answer.ContentType;
            if (answer.Location is not null)
            {
                response.Headers.Location = answer.Location;
            }

            response.Headers["Idempotent-Replayed"] = "true";
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}
