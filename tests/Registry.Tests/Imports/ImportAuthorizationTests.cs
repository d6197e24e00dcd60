using System.Net;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class ImportAuthorizationTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Uploading_without_a_token_gets_a_401_problem_and_stores_nothing()
    {
        var response = await registry.AnonymousClient().UploadAsync(ImportCsv.Of([WorkerSamples.Valid()]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM worker_imports"));
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Finance)]
    public async Task Uploading_without_the_operator_role_gets_a_403_problem_and_stores_nothing(string role)
    {
        var response = await registry.ClientAs(role).UploadAsync(ImportCsv.Of([WorkerSamples.Valid()]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM worker_imports"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/00000000-0000-0000-0000-000000000001")]
    [InlineData("/00000000-0000-0000-0000-000000000001/rejections")]
    [InlineData("/00000000-0000-0000-0000-000000000001/rejections.csv")]
    public async Task Reading_imports_needs_the_operator_or_auditor_role(string path)
    {
        var anonymous = await registry.AnonymousClient().GetAsync(ImportApi.Path + path);
        var finance = await registry.ClientAs(Roles.Finance).GetAsync(ImportApi.Path + path);
        var claimsOfficer = await registry.ClientAs(Roles.ClaimsOfficer).GetAsync(ImportApi.Path + path);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, finance.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, claimsOfficer.StatusCode);
    }
}
