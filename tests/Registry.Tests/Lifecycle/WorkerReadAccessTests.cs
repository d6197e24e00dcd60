using System.Net;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>A worker's record holds their NIK and name: only the roles that need it may read it.</summary>
public sealed class WorkerReadAccessTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Theory]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.BpjsIntegration)]
    [InlineData(Roles.Sponsor)]
    [InlineData("registry-read")]
    [InlineData("supervisor")]
    public async Task Reading_a_worker_with_a_role_that_may_not_gets_403_problem(string role)
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(TestSupport.WorkerSamples.Valid());

        var response = await registry.ClientAs(role).GetAsync(new Uri($"/api/v1/workers/{worker.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(worker.Nik, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_worker_without_a_token_gets_401()
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(TestSupport.WorkerSamples.Valid());

        var response = await registry.AnonymousClient().GetAsync(new Uri($"/api/v1/workers/{worker.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.ClaimsOfficer)]
    public async Task Operators_auditors_and_claims_officers_read_a_worker(string role)
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(TestSupport.WorkerSamples.Valid());

        var response = await registry.ClientAs(role).GetAsync(new Uri($"/api/v1/workers/{worker.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Every_role_is_either_allowed_or_tested_as_refused()
    {
        string[] refused = [Roles.Finance, Roles.BpjsIntegration, Roles.Sponsor];

        Assert.Equal(Roles.All.Order(), Policies.RolesOf[Policies.RegistryRead].Concat(refused).Order());
    }
}
