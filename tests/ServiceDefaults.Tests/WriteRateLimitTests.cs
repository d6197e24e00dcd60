using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.RateLimiting;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>The write allowance: every POST, PUT, PATCH and DELETE of a caller counted together, whatever the endpoint; reads never.</summary>
public sealed class WriteRateLimitTests : IAsyncLifetime
{
    private const string Thing = "/things/1";

    private LocalService? _service;

    private LocalService Service => _service!;

    public async Task InitializeAsync() => _service = await LocalService.StartAsync(
        app =>
        {
            app.MapGet(Thing, () => "read").RequireAuthorization(Policies.RegistryRead);
            app.MapPost(Thing, () => "created").RequireAuthorization(Policies.RegistryWrite);
            app.MapPut(Thing, () => "replaced").RequireAuthorization(Policies.RegistryWrite);
            app.MapPatch(Thing, () => "changed").RequireAuthorization(Policies.RegistryWrite);
            app.MapDelete(Thing, () => "deleted").RequireAuthorization(Policies.RegistryWrite);
        },
        settings: new Dictionary<string, string?>
        {
            ["RateLimiting:Writes:PermitLimit"] = "4",
            ["RateLimiting:Writes:Window"] = "00:10:00",
        });

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Fact]
    public async Task Posts_puts_patches_and_deletes_share_one_allowance_and_past_it_a_write_is_a_429_with_retry_after()
    {
        HttpMethod[] writes = [HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];
        foreach (var method in writes)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(method, "alice", Roles.Operator));
        }

        foreach (var method in writes)
        {
            using var refused = await SendMessageAsync(method, "alice", Roles.Operator);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Contains("At most 4 writes per 00:10:00", problem!.Detail, StringComparison.Ordinal);
            Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "alice", Roles.Operator));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "bob", Roles.Operator));
    }

    [Fact]
    public async Task Reads_use_no_write_allowance()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "carol", Roles.Operator));
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "carol", Roles.Operator));
    }

    [Fact]
    public async Task A_write_refused_by_authorization_uses_no_allowance()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await SendAsync(HttpMethod.Post, "dave", Roles.Auditor));
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Post, "dave", Roles.Operator));
    }

    [Fact]
    public async Task Without_configuration_a_caller_may_write_600_times_a_minute()
    {
        await using var service = await LocalService.StartAsync(_ => { });

        var writes = service.App.Services.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().Get(RateLimitPolicies.Writes);

        Assert.Equal((600, TimeSpan.FromMinutes(1)), (writes.PermitLimit, writes.Window));
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string subject, string role)
    {
        using var answer = await SendMessageAsync(method, subject, role);
        return answer.StatusCode;
    }

    private async Task<HttpResponseMessage> SendMessageAsync(HttpMethod method, string subject, string role)
    {
        using var request = new HttpRequestMessage(method, new Uri(Thing, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Valid(subject, role));
        return await Service.Client.SendAsync(request);
    }
}
