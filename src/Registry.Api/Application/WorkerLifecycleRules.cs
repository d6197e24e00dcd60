using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Registry.Application;

/// <summary>
/// The lifecycle settings Disnaker may change without a release (section <c>Registry:Lifecycle</c>).
/// </summary>
public sealed class WorkerLifecycleRules
{
    public const string Section = "Registry:Lifecycle";

    /// <summary>The authorization policy of the checker's decision, admitting <see cref="DeceasedReactivationApproverRole"/>.</summary>
    public const string ReactivationApproverPolicy = "registry-reactivation-approval";

    /// <summary>The first day of the program (Perwal 93/2020): no deactivation or death takes effect before it.</summary>
    public DateOnly ProgramStart { get; set; } = new(2021, 1, 1);

    /// <summary>Four eyes on verification: when on, whoever registered a worker (or uploaded their import) may not decide on them.</summary>
    public bool RegistrarMayNotVerify { get; set; }

    /// <summary>
    /// The role of the second person who approves bringing a Deceased worker back. Claims officers
    /// by default: a death comes from a confirmed JKM claim, and they are the ones who can tell it was wrong.
    /// </summary>
    public string DeceasedReactivationApproverRole { get; set; } = Roles.ClaimsOfficer;

    /// <summary>The reasons the settings make no sense; none when they do.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DeceasedReactivationApproverRole))
        {
            yield return "DeceasedReactivationApproverRole must name a role.";
        }
        else if (DeceasedReactivationApproverRole == Roles.Operator)
        {
            yield return "DeceasedReactivationApproverRole must not be the operator role: the approver is the second role of a maker-checker.";
        }
    }

    /// <summary>
    /// Why an effective date (a deactivation, a death) cannot be right, or null when it can: not in the
    /// future, not before the program started, not before the worker was registered.
    /// </summary>
    public string? EffectiveDateProblem(DateOnly date, DateOnly registeredOn, DateOnly today)
    {
        if (date > today)
        {
            return $"The date {date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in Semarang): record it once it has happened.";
        }

        if (date < ProgramStart)
        {
            return $"The date {date:yyyy-MM-dd} is before the program started on {ProgramStart:yyyy-MM-dd}.";
        }

        if (date < registeredOn)
        {
            return $"The date {date:yyyy-MM-dd} is before the worker was registered on {registeredOn:yyyy-MM-dd}.";
        }

        return null;
    }
}
