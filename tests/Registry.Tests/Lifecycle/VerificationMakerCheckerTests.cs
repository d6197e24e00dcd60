using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>A registry where whoever registered a worker may not decide on them.</summary>
public sealed class FourEyesFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Lifecycle:RegistrarMayNotVerify"] = "true",
});

public sealed class VerificationMakerCheckerTests(FourEyesFixture registry) : IClassFixture<FourEyesFixture>
{
    private readonly HttpClient _alice = registry.ClientAs(Roles.Operator, "alice");
    private readonly HttpClient _bob = registry.ClientAs(Roles.Operator, "bob");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_operator_who_registered_a_worker_may_not_decide_on_them_when_four_eyes_are_on(bool approved)
    {
        var worker = await _alice.RegisterAsync(WorkerSamples.Valid());

        var response = await _alice.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(approved, "Own entry"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1L, await registry.VersionAsync(worker.Id));
    }

    [Fact]
    public async Task Another_operator_verifies_the_worker()
    {
        var worker = await _alice.RegisterAsync(WorkerSamples.Valid());

        var verified = await _bob.OkAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));

        Assert.Equal("Verified", verified.Status);
    }

    [Fact]
    public async Task The_operator_who_uploaded_an_import_may_not_verify_its_workers()
    {
        var import = await _alice.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var workerId = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE import_id = @id", ("id", import.Id));

        var byUploader = await _alice.PostAsJsonAsync($"/api/v1/workers/{workerId}/verification", new VerificationRequest(true, null));
        var byAnother = await _bob.PostAsJsonAsync($"/api/v1/workers/{workerId}/verification", new VerificationRequest(true, null));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, byUploader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAnother.StatusCode);
    }
}

public sealed class VerificationWithoutFourEyesTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task By_default_the_registering_operator_may_verify_their_own_entry()
    {
        var alice = registry.ClientAs(Roles.Operator, "alice");
        var worker = await alice.RegisterAsync(WorkerSamples.Valid());

        var response = await alice.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
