using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace PijarSemar.Contracts.Funding;

/// <summary>The sponsor a <c>sponsor</c> token stands for: its Funding id, type (Asn, Pppk, Company), identifier (NIP or registration number) and name.</summary>
public sealed record SponsorSelfResponse(Guid Id, string Type, string Identifier, string Name);

/// <summary>Funding.Api's sponsor self-lookup, called with the sponsor's own token.</summary>
public interface ISponsorClient
{
    /// <returns>null when no active sponsor has the token's subject as its identifier.</returns>
    Task<SponsorSelfResponse?> GetMyselfAsync(string bearerToken, CancellationToken cancellationToken = default);
}

public sealed class SponsorClient(HttpClient http) : ISponsorClient
{
    public async Task<SponsorSelfResponse?> GetMyselfAsync(string bearerToken, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/sponsors/me", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<SponsorSelfResponse>(cancellationToken);
    }
}
