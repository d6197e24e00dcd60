using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class ImportRetryTests(QuickRunnerFixture registry) : IClassFixture<QuickRunnerFixture>
{
    [Fact]
    public async Task A_failed_import_retried_by_an_operator_once_the_cause_is_gone_completes_and_the_retry_is_audited()
    {
        var uploader = registry.ClientAs(Roles.Operator, "retry-test");
        await RefuseImportsOfAsync("retry-test");
        var workers = new[] { WorkerSamples.Valid(), WorkerSamples.Valid() };
        var failed = await uploader.ImportAsync(ImportCsv.Of(workers));
        await registry.ScalarAsync<int>("DROP TRIGGER refuse_retry_test ON audit_log; SELECT 1");

        var response = await registry.ClientAs(Roles.Operator, "supervisor").PostAsync($"{ImportApi.Path}/{failed.Id}/retry", null);
        var retried = await uploader.FinishedAsync(failed.Id);

        Assert.Equal(WorkerImportStatus.Failed, failed.Status);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"{ImportApi.Path}/{failed.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((WorkerImportStatus.Completed, 2, 0, null), (retried.Status, retried.Accepted!.Value, retried.Rejected!.Value, retried.Failure));
        Assert.Equal(1, await registry.ScalarAsync<int>("SELECT attempts FROM worker_imports WHERE id = @id", ("id", failed.Id)));
        Assert.Equal("RetryRequested|supervisor;WorkersImported|retry-test", await registry.ScalarAsync<string>(
            "SELECT string_agg(action || '|' || actor, ';' ORDER BY id) FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id",
            ("id", failed.Id)));
    }

    [Fact]
    public async Task Only_a_failed_import_can_be_retried_and_only_by_an_operator()
    {
        var client = registry.ClientAs(Roles.Operator);
        var completed = await client.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));

        var again = await client.PostAsync($"{ImportApi.Path}/{completed.Id}/retry", null);
        var unknown = await client.PostAsync($"{ImportApi.Path}/{Guid.NewGuid()}/retry", null);
        var byAuditor = await registry.ClientAs(Roles.Auditor).PostAsync($"{ImportApi.Path}/{completed.Id}/retry", null);

        Assert.Equal("Only a failed import can be retried.", (await again.ProblemAsync(HttpStatusCode.Conflict)).Title());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(0L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'RetryRequested'", ("id", completed.Id)));
    }

    [Fact]
    public async Task A_failed_import_whose_file_is_past_its_retention_cannot_be_retried()
    {
        var uploader = registry.ClientAs(Roles.Operator, "expired-test");
        await RefuseImportsOfAsync("expired-test");
        var failed = await uploader.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        await registry.ScalarAsync<int>(
            "UPDATE worker_imports SET created_at = created_at - interval '91 days' WHERE id = @id RETURNING 1", ("id", failed.Id));
        await registry.Factory.Services.GetRequiredService<WorkerImportRetention>().SweepAsync(CancellationToken.None);

        var response = await uploader.PostAsync($"{ImportApi.Path}/{failed.Id}/retry", null);

        Assert.Equal(WorkerImportStatus.Failed, failed.Status);
        Assert.Equal("The file of this import is no longer kept.", (await response.ProblemAsync(HttpStatusCode.Conflict)).Title());
        Assert.Equal("Failed", await registry.ScalarAsync<string>("SELECT status FROM worker_imports WHERE id = @id", ("id", failed.Id)));
    }

    /// <summary>The import's last write, its audit entry, fails for this uploader: the attempt rolls back whole.</summary>
    private Task RefuseImportsOfAsync(string uploader)
    {
        var name = "refuse_" + uploader.Replace('-', '_');
        return registry.ScalarAsync<int>($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON audit_log FOR EACH ROW
                WHEN (NEW.actor = '{uploader}' AND NEW.action = 'WorkersImported') EXECUTE FUNCTION {name}();
            SELECT 1
            """);
    }
}

public sealed class PatientRunnerFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Imports:PollInterval"] = "00:00:00.500",
    ["Registry:Imports:MaxAttempts"] = "20",
});

public sealed class FailingImportTests(PatientRunnerFixture registry) : IClassFixture<PatientRunnerFixture>
{
    [Fact]
    public async Task An_import_that_keeps_failing_does_not_hold_up_an_import_uploaded_after_it()
    {
        await registry.ScalarAsync<int>("""
            CREATE FUNCTION refuse_stuck() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$;
            CREATE TRIGGER refuse_stuck BEFORE INSERT ON audit_log FOR EACH ROW
                WHEN (NEW.actor = 'stuck-test' AND NEW.action = 'WorkersImported') EXECUTE FUNCTION refuse_stuck();
            SELECT 1
            """);
        var stuck = await registry.ClientAs(Roles.Operator, "stuck-test").UploadAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var stuckId = (await stuck.Content.ReadFromJsonAsync<WorkerImportAccepted>(ImportApi.Json))!.Id;
        await Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<int>("SELECT attempts FROM worker_imports WHERE id = @id", ("id", stuckId)) >= 1 ? "tried" : null,
            TimeSpan.FromSeconds(30),
            "the first attempt at the failing import");

        var later = await registry.ClientAs(Roles.Operator, "later").ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var stuckNow = await registry.ScalarAsync<string>("SELECT status FROM worker_imports WHERE id = @id", ("id", stuckId));

        Assert.Equal((WorkerImportStatus.Completed, 1), (later.Status, later.Accepted!.Value));
        Assert.Equal("Running", stuckNow);
    }
}
