using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Claims.Filing;

/// <summary>
/// Which incident dates can be claimed (domain.md): none in the future, a JKK accident within the
/// claim window (5 years), none before the worker joined, none after the worker's death.
/// </summary>
public static class IncidentDateRules
{
    /// <summary>The rules that need only the date and today (Asia/Jakarta).</summary>
    public static void CheckCalendar(string type, DateOnly incidentDate, DateOnly today, int jkkWindowYears)
    {
        if (incidentDate > today)
        {
            throw new BusinessRuleException(
                "Incident date is in the future.", $"The incident date {incidentDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd} in Semarang).");
        }

        var earliest = today.AddYears(-jkkWindowYears);
        if (type == ClaimType.Jkk && incidentDate < earliest)
        {
            throw new BusinessRuleException(
                "JKK claim window has passed.",
                $"A JKK claim must be filed within {jkkWindowYears} years of the accident; an accident on {incidentDate:yyyy-MM-dd} could be claimed until {incidentDate.AddYears(jkkWindowYears):yyyy-MM-dd}.");
        }
    }

    /// <summary>The rules that need the worker: registered before the incident, not dead before it, never rejected by the registry.</summary>
    public static void CheckWorker(Guid workerId, DateOnly incidentDate, string registryStatus, DateOnly? registeredOn, DateOnly? diedOn)
    {
        if (registryStatus == WorkerStatus.Rejected)
        {
            throw new BusinessRuleException(
                "Worker was never admitted.", $"The registry rejected worker {workerId}'s registration; only a worker who joined the program can claim.");
        }

        if (registeredOn is { } joined && incidentDate < joined)
        {
            throw new BusinessRuleException(
                "Incident before registration.",
                $"The incident date {incidentDate:yyyy-MM-dd} is before worker {workerId} was registered on {joined:yyyy-MM-dd}; only what happens while protected can be claimed.");
        }

        if (diedOn is { } death && incidentDate > death)
        {
            throw new BusinessRuleException(
                "Incident after the worker's death.",
                $"Worker {workerId}'s death on {death:yyyy-MM-dd} is confirmed; the incident date {incidentDate:yyyy-MM-dd} is after it.");
        }
    }
}

/// <summary>The registry's statuses of a worker, as its events and its API give them.</summary>
public static class WorkerStatus
{
    public const string Registered = "Registered";
    public const string Verified = "Verified";
    public const string Rejected = "Rejected";
    public const string Deactivated = "Deactivated";

    /// <summary>The deactivation reason that records a death.</summary>
    public const string Deceased = "Deceased";
}
