using Microsoft.AspNetCore.Http;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// Writes every error as <c>application/problem+json</c>, whatever the request's <c>Accept</c>
/// says. The framework's writer declines a client that asked for <c>text/csv</c> or
/// <c>text/html</c>, which turned a 404 into an unhandled exception and a 500; an error answered
/// in a format the client did not ask for is still better than no answer (RFC 9110 §12.1 allows it).
/// </summary>
internal sealed class AnyAcceptProblemDetailsWriter(IProblemDetailsWriter framework) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context) => framework.WriteAsync(context);
}
