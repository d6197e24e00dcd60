using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>A worker Claims has not heard of yet is asked of the real registry.</summary>
public sealed class FilingWorkerLookupTests(FilingFixture stack) : IClassFixture<FilingFixture>
{
    private readonly HttpClient _officer = stack.ClaimsAs(Roles.ClaimsOfficer);

    [Fact]
    public async Task A_worker_only_the_registry_knows_is_asked_of_it_kept_at_version_0_and_their_kecamatan_copied_onto_the_claim()
    {
        var worker = await RegisteredAsync(verify: true);

        var claim = await (await _officer.FileAsync(FilingTestData.Filing(worker.Id, FilingTestData.Today))).FiledAsync();

        Assert.Equal(worker.Kecamatan, claim.Kecamatan);
        Assert.Equal(1L, await stack.ClaimsScalarAsync<long>(
            "SELECT count(*) FROM claim_workers WHERE worker_id = @w AND status = 'Verified' AND version = 0 AND kecamatan = @k AND registered_on = @d",
            ("w", worker.Id), ("k", worker.Kecamatan), ("d", DateOnly.FromDateTime(worker.RegisteredAt.ToOffset(TimeSpan.FromHours(7)).DateTime))));
    }

    [Fact]
    public async Task A_worker_the_registry_does_not_know_is_a_404_naming_workerId()
    {
        var response = await _officer.FileAsync(FilingTestData.Filing(Guid.NewGuid(), FilingTestData.Today));

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Worker not found.", problem.Title());
        Assert.Contains("workerId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_the_registry_rejected_is_a_422()
    {
        var worker = await RegisteredAsync(verify: false);
        var rejected = await stack.Registry(Roles.Operator).PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(false, "Not an informal worker"));
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        var response = await _officer.FileAsync(FilingTestData.Filing(worker.Id, FilingTestData.Today));

        Assert.Equal("Worker was never admitted.", (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
    }

    [Fact]
    public async Task An_unknown_worker_while_the_registry_is_down_is_a_503_with_Retry_After_and_nothing_written()
    {
        var worker = await RegisteredAsync(verify: true);
        stack.RegistryLine.Down();
        HttpResponseMessage response;
        try
        {
            response = await _officer.FileAsync(FilingTestData.Filing(worker.Id, FilingTestData.Today));
        }
        finally
        {
            stack.RegistryLine.Up();
        }

        Assert.Equal("Registry unavailable.", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Title());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0L, await stack.WrittenForAsync(worker.Id));
        Assert.Equal(0L, await stack.ClaimsScalarAsync<long>("SELECT count(*) FROM claim_workers WHERE worker_id = @w", ("w", worker.Id)));
    }

    [Fact]
    public async Task A_worker_the_read_model_knows_is_filed_while_the_registry_is_down()
    {
        var worker = await stack.KnownWorkerAsync();
        stack.RegistryLine.Down();
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await _officer.FileAsync(FilingTestData.Filing(worker, FilingTestData.Today))).StatusCode);
        }
        finally
        {
            stack.RegistryLine.Up();
        }
    }

    private async Task<WorkerResponse> RegisteredAsync(bool verify)
    {
        var registry = stack.Registry(Roles.Operator);
        var response = await registry.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var worker = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        if (verify)
        {
            Assert.Equal(HttpStatusCode.OK, (await registry.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null))).StatusCode);
        }

        return worker;
    }
}
