using System.Net;
using System.Net.Http.Json;

namespace PijarSemar.Contracts.Registry;

/// <summary>Registry.Api v1 as other services and city systems call it.</summary>
public interface IRegistryClient
{
    Task<WorkerResponse> RegisterWorkerAsync(RegisterWorkerRequest request, CancellationToken cancellationToken = default);

    /// <returns>null when no worker has that id.</returns>
    Task<WorkerResponse?> GetWorkerAsync(Guid workerId, CancellationToken cancellationToken = default);

    /// <summary>NIK and name of up to 500 workers; ids Registry does not know are left out.</summary>
    Task<IReadOnlyList<WorkerIdentity>> LookupWorkersAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);
}

public sealed class RegistryClient(HttpClient http) : IRegistryClient
{
    public async Task<WorkerResponse> RegisterWorkerAsync(RegisterWorkerRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/v1/workers", request, cancellationToken);
        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>(cancellationToken))!;
    }

    public async Task<WorkerResponse?> GetWorkerAsync(Guid workerId, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri($"api/v1/workers/{workerId}", UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<WorkerResponse>(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkerIdentity>> LookupWorkersAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/v1/workers/lookup", new WorkerLookupRequest(ids), cancellationToken);
        await ApiException.ThrowIfFailedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<WorkerIdentity>>(cancellationToken))!;
    }
}
