using Microsoft.Net.Http.Headers;

namespace PijarSemar.Billing.Exports;

/// <summary>
/// Sends the caller's own bearer token on Billing's calls to Registry: the NIKs and names of an
/// export are read as the finance officer or BPJS job who asked for it, so Registry's roles and
/// audit apply to that person, not to Billing.
/// </summary>
public sealed class ForwardCallerToken(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = accessor.HttpContext?.Request.Headers[HeaderNames.Authorization].ToString();
        if (!string.IsNullOrEmpty(authorization) && request.Headers.Authorization is null)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Authorization, authorization);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
