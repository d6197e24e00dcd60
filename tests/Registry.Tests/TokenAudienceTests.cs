using System.Net;
using System.Net.Http.Headers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

/// <summary>Registry accepts tokens for its own audience (<c>pijar-semar-registry</c>, from its name) and no other.</summary>
public sealed class TokenAudienceTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly Uri Search = new("/api/v1/workers?kecamatan=Semarang%20Tengah", UriKind.Relative);

    [Fact]
    public async Task A_token_for_registry_is_accepted()
    {
        var response = await SearchWithAsync(TestTokens.ForService("registry", "alice", Roles.Operator));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("funding")]
    [InlineData("claims")]
    public async Task A_token_for_another_service_is_refused_with_401(string service)
    {
        var response = await SearchWithAsync(TestTokens.ForService(service, "alice", Roles.Operator));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_subject_cannot_search_workers()
    {
        var noSubject = DevelopmentTokens.Create(TestTokens.SigningKey, " ", [Roles.Operator], [ServiceIdentity.AudienceFor("registry")]);

        var response = await SearchWithAsync(noSubject);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SearchWithAsync(string token)
    {
        using var client = registry.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Search);
    }
}
