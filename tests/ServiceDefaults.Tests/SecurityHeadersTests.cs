using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>The security headers over real HTTP (Kestrel), on answers the endpoint wrote and on those the error pipeline wrote.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private LocalService? _service;

    private LocalService Service => _service!;

    public async Task InitializeAsync() => _service = await LocalService.StartAsync(
        app =>
        {
            app.MapGet("/api/v1/thing", (HttpContext context) =>
            {
                // An endpoint that asks caches to keep its answer is overruled: API answers name workers.
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return "thing";
            }).RequireAuthorization(Policies.RegistryRead);
            app.MapGet("/api/v1/broken", string () => throw new InvalidOperationException("a fault of ours")).RequireAuthorization(Policies.RegistryRead);
            app.MapPost("/api/v1/things", (Dictionary<string, string> body) => body.Count).RequireAuthorization(Policies.RegistryWrite);
            app.MapGet("/about", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=60";
                return "Pijar Semar";
            }).AllowAnonymous();
        },
        settings: new Dictionary<string, string?> { ["RequestLimits:MaxJsonBodyBytes"] = "1024" });

    public async Task DisposeAsync() => await Service.DisposeAsync();

    [Fact]
    public async Task Answers_written_by_the_endpoint_and_by_every_error_path_carry_the_headers_and_no_store()
    {
        var big = new StringContent($$"""{"note":"{{new string('a', 2048)}}"}""", Encoding.UTF8, "application/json");
        (HttpStatusCode Status, HttpRequestMessage Request)[] calls =
        [
            (HttpStatusCode.OK, Get("/api/v1/thing", Roles.Operator)),
            (HttpStatusCode.Unauthorized, Get("/api/v1/thing", role: null)),
            (HttpStatusCode.Forbidden, Get("/api/v1/thing", Roles.Sponsor)),
            (HttpStatusCode.NotFound, Get("/api/v1/missing", Roles.Operator)),
            (HttpStatusCode.InternalServerError, Get("/api/v1/broken", Roles.Operator)),
            (HttpStatusCode.RequestEntityTooLarge, With(new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/things", UriKind.Relative)) { Content = big }, Roles.Operator)),
        ];

        foreach (var (status, request) in calls)
        {
            using (request)
            using (var answer = await Service.Client.SendAsync(request))
            {
                Assert.Equal(status, answer.StatusCode);
                BrowserHeaders.AssertPresent(answer);
                Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
            }
        }
    }

    [Fact]
    public async Task An_answer_outside_the_api_carries_the_headers_and_keeps_its_own_caching()
    {
        using var answer = await Service.Client.GetAsync(new Uri("/about", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        BrowserHeaders.AssertPresent(answer);
        Assert.Equal("public, max-age=60", answer.Headers.CacheControl?.ToString());
    }

    private static HttpRequestMessage Get(string path, string? role) => With(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), role);

    private static HttpRequestMessage With(HttpRequestMessage request, string? role)
    {
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Valid("alice", role));
        }

        return request;
    }
}
