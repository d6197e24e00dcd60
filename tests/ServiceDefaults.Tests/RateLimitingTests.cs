using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.RateLimiting;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>The named rate-limit policies: per token subject, limits from configuration, a 429 that says when to come back.</summary>
public sealed class RateLimitingTests : IAsyncLifetime
{
    private const string Search = "/search";
    private const string Import = "/import";

    private LocalService? _service;

    private LocalService Service => _service!;

    public async Task InitializeAsync() => _service = await LocalService.StartAsync(
        app =>
        {
            app.MapPost(Search, () => "found").RequireAuthorization(Policies.RegistryRead).RequireRateLimiting(RateLimitPolicies.Search);
            app.MapPost(Import, () => "queued").RequireAuthorization(Policies.RegistryWrite).RequireRateLimiting(RateLimitPolicies.Import);
        },
        settings: new Dictionary<string, string?>
        {
            ["RateLimiting:search:PermitLimit"] = "3",
            ["RateLimiting:search:Window"] = "00:10:00",
            ["RateLimiting:import:PermitLimit"] = "1",
            ["RateLimiting:import:Window"] = "01:00:00",
        });

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Fact]
    public async Task A_caller_past_its_limit_gets_429_problem_details_with_retry_after()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await PostAsync(Search, "alice", Roles.Operator);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        var problem = await last.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(429, problem!.Status);
        Assert.Contains("At most 3 requests", problem.Detail, StringComparison.Ordinal);
        var retryAfter = last.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Each_token_subject_has_an_allowance_of_its_own()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Search, "bob", Roles.Operator)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(Search, "bob", Roles.Auditor)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Search, "carol", Roles.Operator)).StatusCode);
    }

    [Fact]
    public async Task Each_policy_counts_apart_with_its_own_configured_limit()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Import, "dave", Roles.Operator)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(Import, "dave", Roles.Operator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Search, "dave", Roles.Operator)).StatusCode);
    }

    [Fact]
    public async Task A_call_refused_by_authorization_uses_no_permit()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(Search, "erin", Roles.Sponsor)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Search, "erin", Roles.Operator)).StatusCode);
    }

    [Fact]
    public async Task Without_configuration_a_policy_has_its_default_limits()
    {
        await using var service = await LocalService.StartAsync(_ => { });

        var limits = service.App.Services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>();

        Assert.Equal((120, TimeSpan.FromMinutes(1)), (limits.Get(RateLimitPolicies.Search).PermitLimit, limits.Get(RateLimitPolicies.Search).Window));
        Assert.Equal((30, TimeSpan.FromHours(1)), (limits.Get(RateLimitPolicies.Import).PermitLimit, limits.Get(RateLimitPolicies.Import).Window));
        Assert.Equal(3, Service.App.Services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().Get(RateLimitPolicies.Search).PermitLimit);
    }

    [Theory]
    [InlineData("PermitLimit", "0")]
    [InlineData("Window", "00:00:00")]
    public async Task A_limit_that_allows_nothing_stops_the_service_from_starting(string setting, string value)
    {
        var settings = LocalService.DefaultSettings(new Dictionary<string, string?> { [$"RateLimiting:search:{setting}"] = value });

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(
            () => LocalService.StartAsync(ServiceIdentity.TestingEnvironment, settings, null, _ => { }));

        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string subject, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Valid(subject, role));
        return await Service.Client.SendAsync(request);
    }
}
