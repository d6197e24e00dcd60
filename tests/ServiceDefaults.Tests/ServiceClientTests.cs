using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Http;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>A registry that calls funding: which token does funding see?</summary>
public sealed class ServiceClientTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _seenByFunding = new();
    private readonly ConcurrentQueue<IFormCollection> _tokenRequests = new();
    private LocalService? _funding;

    private LocalService Funding => _funding!;

    public async Task InitializeAsync() => _funding = await LocalService.StartBareAsync(app =>
    {
        app.MapGet("/api/v1/ping", (HttpContext context) =>
        {
            _seenByFunding.Enqueue(context.Request.Headers.Authorization.ToString());
            return "pong";
        });

        // Stands in for the identity provider's token endpoint.
        app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            _tokenRequests.Enqueue(form);
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = $"issued-{_tokenRequests.Count}",
                ["token_type"] = "Bearer",
                ["expires_in"] = int.Parse(context.Request.Query["expires_in"].FirstOrDefault() ?? "3600", System.Globalization.CultureInfo.InvariantCulture),
            });
        });
    });

    public async Task DisposeAsync() => await Funding.DisposeAsync();

    [Fact]
    public async Task A_call_made_inside_a_request_forwards_the_callers_token()
    {
        await using var registry = await RegistryCallingFundingAsync();
        var callersToken = DevelopmentTokens.Create(
            LocalService.SigningKey, "alice", [Roles.Operator], [ServiceIdentity.AudienceFor("registry"), ServiceIdentity.AudienceFor("funding")]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/relay", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callersToken);

        var response = await registry.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([$"Bearer {callersToken}"], _seenByFunding);
    }

    [Fact]
    public async Task A_call_made_in_background_work_carries_a_development_token_of_the_service_itself()
    {
        await using var registry = await RegistryCallingFundingAsync(new() { ["Auth:Client:Role"] = Roles.Auditor });

        await CallInBackgroundAsync(registry);

        var header = Assert.Single(_seenByFunding);
        Assert.StartsWith("Bearer ", header, StringComparison.Ordinal);
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(header["Bearer ".Length..], new TokenValidationParameters
        {
            ValidIssuer = DevelopmentTokens.Issuer,
            ValidAudience = ServiceIdentity.AudienceFor("funding"),
            IssuerSigningKey = DevelopmentTokens.KeyFrom(LocalService.SigningKey),
            ValidAlgorithms = [DevelopmentTokens.Algorithm],
        });
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var token = (JsonWebToken)validated.SecurityToken;
        Assert.Equal("service:registry", token.Subject);
        Assert.Equal([ServiceIdentity.AudienceFor("funding")], token.Audiences);
        Assert.Equal(Roles.Auditor, token.GetClaim("role").Value);
    }

    [Fact]
    public async Task Background_calls_share_one_client_credentials_token_until_shortly_before_it_expires()
    {
        var clock = new AdjustableClock();
        await using var registry = await RegistryCallingFundingAsync(
            new()
            {
                ["Auth:Client:Id"] = "registry-service",
                ["Auth:Client:Secret"] = "s3cret",
                ["Auth:Client:TokenEndpoint"] = new Uri(Funding.Address, "/token?expires_in=600").ToString(),
            },
            services => services.AddSingleton<TimeProvider>(clock));

        await CallInBackgroundAsync(registry);
        await CallInBackgroundAsync(registry);
        clock.Advance(TimeSpan.FromSeconds(600 - 61));
        await CallInBackgroundAsync(registry);
        clock.Advance(TimeSpan.FromSeconds(2));
        await CallInBackgroundAsync(registry);

        Assert.Equal(["Bearer issued-1", "Bearer issued-1", "Bearer issued-1", "Bearer issued-2"], _seenByFunding);
        var asked = _tokenRequests.First();
        Assert.Equal("client_credentials", asked["grant_type"]);
        Assert.Equal("registry-service", asked["client_id"]);
        Assert.Equal("s3cret", asked["client_secret"]);
        Assert.Equal(ServiceIdentity.AudienceFor("funding"), asked["audience"]);
    }

    [Fact]
    public async Task Outside_development_a_service_client_without_client_credentials_refuses_to_start()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:ServiceName"] = "registry",
            ["Auth:Authority"] = "https://login.semarangkota.go.id",
            ["services:funding:http:0"] = Funding.Address.ToString(),
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalService.StartAsync(
            "Production", settings, builder => builder.AddServiceClient<IFundingPing, FundingPing>("funding"), _ => { }));

        Assert.Contains("Auth:Client:Id", refused.Message, StringComparison.Ordinal);
    }

    private Task<LocalService> RegistryCallingFundingAsync(
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        settings ??= [];
        settings["services:funding:http:0"] = Funding.Address.ToString();
        return LocalService.StartAsync(
            app => app.MapGet("/relay", (IFundingPing funding, CancellationToken ct) => funding.PingAsync(ct)),
            builder =>
            {
                builder.AddServiceClient<IFundingPing, FundingPing>("funding");
                services?.Invoke(builder.Services);
            },
            settings);
    }

    private static async Task CallInBackgroundAsync(LocalService registry)
    {
        await using var scope = registry.App.Services.CreateAsyncScope();
        Assert.Equal("pong", await scope.ServiceProvider.GetRequiredService<IFundingPing>().PingAsync(CancellationToken.None));
    }

    public interface IFundingPing
    {
        Task<string> PingAsync(CancellationToken ct);
    }

    public sealed class FundingPing(HttpClient http) : IFundingPing
    {
        public Task<string> PingAsync(CancellationToken ct) => http.GetStringAsync(new Uri("api/v1/ping", UriKind.Relative), ct);
    }

    private sealed class AdjustableClock : TimeProvider
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
    }
}
