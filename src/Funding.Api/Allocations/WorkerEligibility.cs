using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Registry;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Funding.Allocations;

/// <summary>
/// Whether a worker may be funded: Verified in Funding's read model. A worker the read model has
/// not heard of yet (their events are still on the way) is asked of the registry before refusing,
/// and a Verified answer is kept, at version 0, so the worker's next event still applies.
/// </summary>
public sealed partial class WorkerEligibility(FundingDbContext db, IRegistryClient registry, TimeProvider clock, ILogger<WorkerEligibility> logger)
{
    public async Task EnsureFundableAsync(Guid workerId, CancellationToken ct)
    {
        var status = await db.RegistryWorkers.AsNoTracking()
            .Where(w => w.WorkerId == workerId).Select(w => w.RegistryStatus).FirstOrDefaultAsync(ct)
            ?? await AskRegistryAsync(workerId, ct);
        if (status != "Verified")
        {
            throw new BusinessRuleException(
                "Worker cannot be funded.",
                $"Worker {workerId} is {status} in the registry; only a verified, active worker can be funded.");
        }
    }

    private async Task<string> AskRegistryAsync(Guid workerId, CancellationToken ct)
    {
        WorkerResponse? worker;
        try
        {
            worker = await registry.GetWorkerAsync(workerId, ct);
        }
        catch (Exception e) when (e is HttpRequestException or ApiException or TimeoutException
                                      or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            LogRegistryUnavailable(logger, workerId, e);
            throw new ServiceUnavailableException(
                "Registry unavailable.",
                $"Worker {workerId} has not reached Funding yet and the registry does not answer; try again shortly.");
        }

        if (worker is null)
        {
            throw new NotFoundException("Worker not found.", $"The registry has no worker {workerId} (workerId).");
        }

        if (worker.Status == "Verified")
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version)
                VALUES ({worker.Id}, 'Verified', {worker.OccupationCode ?? ""}, {worker.Kecamatan}, {worker.P3keListed}, {clock.GetUtcNow()}, 0)
                ON CONFLICT (worker_id) DO NOTHING
                """, ct);
        }

        return worker.Status;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry could not be asked about worker {WorkerId}")]
    private static partial void LogRegistryUnavailable(ILogger logger, Guid workerId, Exception error);
}
