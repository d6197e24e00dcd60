using System.Net;

namespace PijarSemar.Contracts;

/// <summary>A call to another Pijar Semar API that was answered with an error; keeps the ProblemDetails body.</summary>
public sealed class ApiException(HttpStatusCode statusCode, string problem)
    : Exception($"The API answered {(int)statusCode}: {problem}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string Problem { get; } = problem;

    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }
}
