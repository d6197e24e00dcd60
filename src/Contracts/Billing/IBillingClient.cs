using System.Globalization;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;

namespace PijarSemar.Contracts.Billing;

/// <summary>Billing.Api v1 as other services call it.</summary>
public interface IBillingClient
{
    /// <summary>One page of tariffs, newest first; pass the page's <c>NextCursor</c> back for older ones.</summary>
    Task<Page<TariffResponse>> GetTariffsAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="workerId"/> was protected on <paramref name="day"/>.</summary>
    Task<CoverageResponse> GetCoverageAsync(Guid workerId, DateOnly day, CancellationToken cancellationToken = default);
}

public sealed class BillingClient(HttpClient http) : IBillingClient
{
    public async Task<Page<TariffResponse>> GetTariffsAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        if (limit is not null)
        {
            query.Add("limit=" + limit.Value.ToString(CultureInfo.InvariantCulture));
        }

        var uri = "api/v1/tariffs" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        using var response = await http.GetAsync(new Uri(uri, UriKind.Relative), cancellationToken);
        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<Page<TariffResponse>>(cancellationToken))!;
    }

    public async Task<CoverageResponse> GetCoverageAsync(Guid workerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var uri = $"api/v1/coverage/{workerId}?date={day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        using var response = await http.GetAsync(new Uri(uri, UriKind.Relative), cancellationToken);
        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<CoverageResponse>(cancellationToken))!;
    }
}
