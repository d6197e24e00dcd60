using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Errors;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>The lifecycle's rules on the worker itself: fast, no database.</summary>
public sealed class WorkerTransitionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 6, 1);

    public static TheoryData<string, string> IllegalMoves()
    {
        var data = new TheoryData<string, string>();
        foreach (var (status, action) in from status in Statuses from action in Actions select (status, action))
        {
            if (!Legal.Contains((status, action)))
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    private static readonly string[] Statuses = ["Registered", "Verified", "Rejected", "Deactivated"];
    private static readonly string[] Actions = ["approve", "reject", "deactivate", "reactivate", "reopen"];
    private static readonly HashSet<(string, string)> Legal =
        [("Registered", "approve"), ("Registered", "reject"), ("Verified", "deactivate"), ("Rejected", "reopen"), ("Deactivated", "reactivate")];

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void Every_illegal_move_is_a_conflict_naming_the_current_status_and_changes_nothing(string status, string action)
    {
        var worker = InStatus(status);
        var version = worker.Version;

        var conflict = Assert.Throws<ConflictException>(() => Apply(worker, action));

        Assert.Equal(status, conflict.Extensions["currentStatus"]);
        Assert.Equal(status, worker.Status.ToString());
        Assert.Equal(version, worker.Version);
    }

    [Theory]
    [InlineData("Registered", "approve", "Verified")]
    [InlineData("Registered", "reject", "Rejected")]
    [InlineData("Verified", "deactivate", "Deactivated")]
    [InlineData("Rejected", "reopen", "Registered")]
    [InlineData("Deactivated", "reactivate", "Verified")]
    public void Every_legal_move_reaches_its_status_and_increments_the_version(string status, string action, string reached)
    {
        var worker = InStatus(status);
        var version = worker.Version;

        Apply(worker, action);

        Assert.Equal(reached, worker.Status.ToString());
        Assert.Equal(version + 1, worker.Version);
    }

    [Fact]
    public void A_deceased_worker_is_not_reactivated_directly()
    {
        var worker = Deceased();

        Assert.Throws<ConflictException>(() => worker.Reactivate("Alive after all", Now));
        Assert.Equal(WorkerStatus.Deactivated, worker.Status);
    }

    [Fact]
    public void A_requested_reactivation_of_a_deceased_worker_waits_and_only_another_person_can_approve_it()
    {
        var worker = Deceased();

        worker.RequestReactivation("maker", "Wrong worker on the claim", Now);

        Assert.Equal(WorkerStatus.Deactivated, worker.Status);
        Assert.Equal("maker", worker.ReactivationRequestedBy);
        Assert.Throws<BusinessRuleException>(() => worker.ApproveReactivation("maker", Now));
        Assert.Throws<BusinessRuleException>(() => worker.RefuseReactivation("maker", Now));
        worker.ApproveReactivation("checker", Now);
        Assert.Equal(WorkerStatus.Verified, worker.Status);
        Assert.Equal("Wrong worker on the claim", worker.StatusNote);
        Assert.Null(worker.ReactivationRequestedBy);
    }

    [Fact]
    public void A_reactivation_request_is_only_for_a_deceased_worker_and_only_one_waits_at_a_time()
    {
        var movedAway = InStatus("Deactivated");
        var deceased = Deceased();
        deceased.RequestReactivation("maker", "Wrong worker", Now);

        Assert.Throws<ConflictException>(() => movedAway.RequestReactivation("maker", "Came back", Now));
        Assert.Throws<ConflictException>(() => deceased.RequestReactivation("other", "Again", Now));
        Assert.Throws<ConflictException>(() => Deceased().ApproveReactivation("checker", Now));
    }

    [Fact]
    public void A_refused_reactivation_leaves_the_worker_deceased_and_lets_a_new_request_be_made()
    {
        var worker = Deceased();
        worker.RequestReactivation("maker", "Wrong worker", Now);

        worker.RefuseReactivation("checker", Now);

        Assert.Equal(nameof(DeactivationReason.Deceased), worker.StatusReason);
        Assert.Null(worker.ReactivationRequestedBy);
        worker.RequestReactivation("maker", "New evidence", Now);
        Assert.Equal("New evidence", worker.ReactivationRequestNote);
    }

    [Fact]
    public void A_correction_names_the_fields_it_changed_and_one_repeating_what_is_stored_changes_nothing()
    {
        var worker = InStatus("Verified");
        var version = worker.Version;
        var same = Sample();

        Assert.Empty(worker.Correct(same, Now));
        Assert.Equal(version, worker.Version);

        var changed = worker.Correct(same with { Kecamatan = "Tugu", OccupationCode = "nelayan", FullName = "Siti Rahayu Ningsih" }, Now);

        Assert.Equal(["fullName", "kecamatan", "occupationCode"], changed);
        Assert.Equal(("Tugu", "nelayan"), (worker.Kecamatan, worker.OccupationCode));
        Assert.Equal(version + 1, worker.Version);
        Assert.Equal(WorkerStatus.Verified, worker.Status);
    }

    [Theory]
    [InlineData("2026-06-02", "future")]
    [InlineData("2020-12-31", "program started")]
    [InlineData("2023-03-09", "registered")]
    public void An_effective_date_in_the_future_before_the_program_or_before_the_registration_is_refused(string date, string reason)
    {
        var rules = new WorkerLifecycleRules { ProgramStart = new DateOnly(2021, 1, 1) };

        var problem = rules.EffectiveDateProblem(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2023, 3, 10), Today);

        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-06-01")]
    [InlineData("2023-03-10")]
    public void An_effective_date_from_the_registration_day_up_to_today_is_accepted(string date)
    {
        var rules = new WorkerLifecycleRules { ProgramStart = new DateOnly(2021, 1, 1) };

        Assert.Null(rules.EffectiveDateProblem(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new DateOnly(2023, 3, 10), Today));
    }

    [Fact]
    public void The_approver_role_cannot_be_the_operator_role()
    {
        Assert.NotEmpty(new WorkerLifecycleRules { DeceasedReactivationApproverRole = "operator" }.Problems());
        Assert.NotEmpty(new WorkerLifecycleRules { DeceasedReactivationApproverRole = " " }.Problems());
        Assert.Empty(new WorkerLifecycleRules().Problems());
    }

    private static void Apply(Worker worker, string action)
    {
        switch (action)
        {
            case "approve": worker.Verify(true, null, Now); break;
            case "reject": worker.Verify(false, "No KTP", Now); break;
            case "deactivate": worker.Deactivate(DeactivationReason.MovedAway, Today, null, Now); break;
            case "reactivate": worker.Reactivate("Wrongly deactivated", Now); break;
            case "reopen": worker.Reopen("Rejected by mistake", Now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    private static Worker InStatus(string status)
    {
        var worker = Worker.Register(Sample(), Now);
        switch (status)
        {
            case "Verified": worker.Verify(true, null, Now); break;
            case "Rejected": worker.Verify(false, "No KTP", Now); break;
            case "Deactivated":
                worker.Verify(true, null, Now);
                worker.Deactivate(DeactivationReason.MovedAway, Today, null, Now);
                break;
        }

        return worker;
    }

    private static Worker Deceased()
    {
        var worker = InStatus("Verified");
        worker.Deactivate(DeactivationReason.Deceased, Today, "Death confirmed by claim", Now);
        return worker;
    }

    private static NewWorker Sample() => new(
        "3374010101800001", "Siti Rahayu", new DateOnly(1980, 1, 1), Sex.Male, "+6281234567890", "Jl. Pemuda 1",
        "Semarang Tengah", "Sekayu", "tukang-becak", false);
}
