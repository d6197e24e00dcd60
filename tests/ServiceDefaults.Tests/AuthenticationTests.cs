using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string Named = "/named";
    private const string Fallback = "/fallback";

    private LocalService? _service;

    private LocalService Service => _service!;

    public async Task InitializeAsync() => _service = await LocalService.StartAsync(app =>
    {
        app.MapGet(Named, (HttpContext context) => context.User.FindFirst("sub")!.Value).RequireAuthorization(Policies.RegistryWrite);
        app.MapGet(Fallback, () => "ok");
    });

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task A_service_outside_development_and_testing_refuses_to_start_with_a_signing_key(string environment)
    {
        var settings = LocalService.DefaultSettings(new Dictionary<string, string?> { ["Auth:Authority"] = "https://login.semarangkota.go.id" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalService.StartAsync(environment, settings, null, _ => { }));

        Assert.Contains("Auth:SigningKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains(environment, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_an_authority_refuses_to_start()
    {
        var settings = new Dictionary<string, string?> { ["Auth:ServiceName"] = "registry" };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalService.StartAsync("Production", settings, null, _ => { }));

        Assert.Contains("Auth:Authority", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_an_authority_and_no_signing_key_starts()
    {
        var settings = new Dictionary<string, string?> { ["Auth:ServiceName"] = "registry", ["Auth:Authority"] = "https://login.semarangkota.go.id" };

        await using var service = await LocalService.StartAsync("Production", settings, null, _ => { });

        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_valid_token_reaches_the_endpoint_as_its_subject()
    {
        var response = await GetAsync(Named, Tokens.Valid("alice", Roles.Operator));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Named)]
    [InlineData(Fallback)]
    public async Task A_token_without_a_subject_is_forbidden_on_named_and_fallback_policies(string path)
    {
        var withoutSub = Tokens.With(token => token.Subject = new ClaimsIdentity([new Claim("role", Roles.Operator)]));
        var emptySub = Tokens.With(token => token.Subject = new ClaimsIdentity([new Claim("sub", " "), new Claim("role", Roles.Operator)]));

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, withoutSub)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, emptySub)).StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_policys_role_is_forbidden()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(Named, Tokens.Valid("alice", Roles.Auditor))).StatusCode);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task A_token_signed_with_the_development_key_under_another_algorithm_is_refused(string algorithm)
    {
        // A 512-bit key is long enough for every HMAC, so only the pinned algorithm can tell these tokens apart.
        var longKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        await using var service = await LocalService.StartAsync(
            ServiceIdentity.TestingEnvironment,
            LocalService.DefaultSettings(new Dictionary<string, string?> { ["Auth:SigningKey"] = longKey }),
            null,
            app => app.MapGet(Fallback, () => "ok"));
        string SignedWith(string alg) => Tokens.With(t => t.SigningCredentials = new SigningCredentials(DevelopmentTokens.KeyFrom(longKey), alg));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(service, Fallback, SignedWith(SecurityAlgorithms.HmacSha256))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(service, Fallback, SignedWith(algorithm))).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var unsigned = Tokens.With(t => t.SigningCredentials = null);

        Assert.EndsWith(".", unsigned, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, unsigned)).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var token = Tokens.With(t => t.SigningCredentials = new SigningCredentials(
            DevelopmentTokens.KeyFrom(DevelopmentTokens.NewSigningKey()), SecurityAlgorithms.HmacSha256));

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, token)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = Tokens.With(t =>
        {
            t.NotBefore = DateTime.UtcNow.AddHours(-2);
            t.IssuedAt = t.NotBefore;
            t.Expires = DateTime.UtcNow.AddMinutes(-5);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, token)).StatusCode);
    }

    [Fact]
    public async Task A_token_that_never_expires_is_refused()
    {
        var token = Tokens.With(t => t.Expires = null);

        Assert.DoesNotContain("\"exp\"", Base64UrlEncoder.Decode(new JsonWebToken(token).EncodedPayload), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, token)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_services_audience_is_refused()
    {
        var forFunding = DevelopmentTokens.Create(LocalService.SigningKey, "alice", [Roles.Operator], [ServiceIdentity.AudienceFor("funding")]);
        var forBoth = DevelopmentTokens.Create(
            LocalService.SigningKey, "alice", [Roles.Operator], [ServiceIdentity.AudienceFor("funding"), ServiceIdentity.AudienceFor("registry")]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, forFunding)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Fallback, forBoth)).StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Fallback, Tokens.With(t => t.Issuer = "someone-else"))).StatusCode);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string token) => GetAsync(Service, path, token);

    private static async Task<HttpResponseMessage> GetAsync(LocalService service, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await service.Client.SendAsync(request);
    }
}
