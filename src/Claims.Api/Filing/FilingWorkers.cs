using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Filing;

/// <summary>
/// The worker a claim is filed for, from <c>claim_workers</c>. A worker the read model has not
/// heard of yet (their events are still on the way) is asked of the registry, and the answer is
/// kept at version 0, so the worker's next event still applies.
/// </summary>
public sealed partial class FilingWorkers(ClaimsDbContext db, IRegistryClient registry, ILogger<FilingWorkers> logger)
{
    public async Task<ClaimWorker> FindAsync(Guid workerId, CancellationToken ct) =>
        await db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.WorkerId == workerId, ct)
        ?? await AskRegistryAsync(workerId, ct);

    private async Task<ClaimWorker> AskRegistryAsync(Guid workerId, CancellationToken ct)
    {
        WorkerResponse? worker;
        try
        {
            worker = await registry.GetWorkerAsync(workerId, ct);
        }
        catch (Exception e) when (e is HttpRequestException or ApiException or TimeoutException or System.Text.Json.JsonException
                                      or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            LogRegistryUnavailable(logger, workerId, e);
            throw new ServiceUnavailableException(
                "Registry unavailable.",
                $"Worker {workerId} (workerId) has not reached Claims yet and the registry does not answer; nothing was filed, try again shortly.");
        }

        if (worker is null)
        {
            throw new NotFoundException("Worker not found.", $"The registry has no worker {workerId} (workerId).");
        }

        DateOnly? diedOn = worker is { Status: WorkerStatus.Deactivated, StatusReason: WorkerStatus.Deceased } ? worker.StatusEffectiveDate : null;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO claim_workers (worker_id, kecamatan, registered_on, status, deceased_on, version)
            VALUES ({worker.Id}, {worker.Kecamatan}, {SemarangTime.DateOf(worker.RegisteredAt)}, {worker.Status}, {diedOn}, 0)
            ON CONFLICT (worker_id) DO NOTHING
            """, ct);

        // Whatever is stored now (this answer, or an event that arrived meanwhile) is what the claim is checked against.
        return await db.Workers.AsNoTracking().FirstAsync(w => w.WorkerId == workerId, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry could not be asked about worker {WorkerId}")]
    private static partial void LogRegistryUnavailable(ILogger logger, Guid workerId, Exception error);
}
