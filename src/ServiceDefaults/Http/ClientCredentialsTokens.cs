using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Http;

/// <summary>Where and as whom this service asks the identity provider for its own tokens (<c>Auth:Client</c>).</summary>
public sealed record ClientCredentials(string Id, string Secret, Uri? TokenEndpoint, string? Scope);

/// <summary>
/// This service's own tokens from the identity provider (OAuth 2.0 client credentials), one per
/// audience, kept until shortly before they expire so background work does not ask for one per call.
/// </summary>
internal sealed class ClientCredentialsTokens(
    IHttpClientFactory httpClients,
    IOptionsMonitor<JwtBearerOptions> jwtBearer,
    ClientCredentials credentials,
    TimeProvider time) : IServiceTokens, IDisposable
{
    public const string HttpClientName = "pijar-semar-token-endpoint";

    /// <summary>At most this long before expiry a token is renewed, so it never expires on its way.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _renewal = new(1, 1);

    public async ValueTask<string> GetAsync(string audience, CancellationToken cancellationToken)
    {
        if (Fresh(audience) is { } token)
        {
            return token;
        }

        // One request to the identity provider at a time; callers waiting meanwhile take its answer.
        await _renewal.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(audience) is { } renewed)
            {
                return renewed;
            }

            var issued = await RequestAsync(audience, cancellationToken);
            var lifetime = TimeSpan.FromSeconds(Math.Max(issued.ExpiresIn, 0));
            var margin = TimeSpan.FromTicks(Math.Min(RenewalMargin.Ticks, lifetime.Ticks / 10));
            _tokens[audience] = new CachedToken(issued.AccessToken, time.GetUtcNow() + lifetime - margin);
            return issued.AccessToken;
        }
        finally
        {
            _renewal.Release();
        }
    }

    public void Dispose() => _renewal.Dispose();

    private string? Fresh(string audience) =>
        _tokens.TryGetValue(audience, out var cached) && time.GetUtcNow() < cached.RenewAt ? cached.Value : null;

    private async Task<TokenResponse> RequestAsync(string audience, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credentials.Id,
            ["client_secret"] = credentials.Secret,
            ["audience"] = audience,
        };
        if (!string.IsNullOrWhiteSpace(credentials.Scope))
        {
            form["scope"] = credentials.Scope;
        }

        var http = httpClients.CreateClient(HttpClientName);
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(await TokenEndpointAsync(cancellationToken), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The identity provider refused a token for {audience} to client {credentials.Id}: {(int)response.StatusCode} {response.StatusCode}.",
                inner: null,
                response.StatusCode);
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        return token is { AccessToken.Length: > 0 }
            ? token
            : throw new HttpRequestException($"The identity provider answered without an access_token for {audience}.");
    }

    /// <summary><c>Auth:Client:TokenEndpoint</c>, or the one the authority's metadata names (read and cached by the JWT handler).</summary>
    private async Task<Uri> TokenEndpointAsync(CancellationToken cancellationToken)
    {
        if (credentials.TokenEndpoint is { } configured)
        {
            return configured;
        }

        var metadata = jwtBearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager
            ?? throw new InvalidOperationException("Auth:Authority is not set, so there is no metadata to find the token endpoint in; set Auth:Client:TokenEndpoint.");
        var configuration = await metadata.GetConfigurationAsync(cancellationToken);
        return new Uri(configuration.TokenEndpoint
            ?? throw new InvalidOperationException("The identity provider's metadata names no token_endpoint; set Auth:Client:TokenEndpoint."));
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}
