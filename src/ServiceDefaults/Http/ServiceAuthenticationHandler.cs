using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PijarSemar.ServiceDefaults.Http;

/// <summary>
/// Puts a bearer token on every call to another service. Inside a request it forwards the
/// caller's own token, so the service called authorizes and audits the person who asked, not
/// this service; in background work it presents this service's own token.
/// </summary>
public sealed class ServiceAuthenticationHandler(IHttpContextAccessor accessor, IServiceTokens tokens, string audience) : DelegatingHandler
{
    private const string Bearer = "Bearer";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= CallerToken()
            ?? new AuthenticationHeaderValue(Bearer, await tokens.GetAsync(audience, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private AuthenticationHeaderValue? CallerToken() =>
        accessor.HttpContext?.Request.Headers[HeaderNames.Authorization].ToString() is { Length: > 0 } header
        && AuthenticationHeaderValue.TryParse(header, out var value)
        && string.Equals(value.Scheme, Bearer, StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(value.Parameter)
            ? new AuthenticationHeaderValue(Bearer, value.Parameter)
            : null;
}
