using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>Every answer of every service, errors included, tells browsers and caches what they may do with it.</summary>
[Collection(SecurityServices.Collection)]
public sealed class SecurityHeadersTests(SecurityServices stack)
{
    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task Every_api_answer_success_or_error_carries_the_security_headers_and_no_store(string service)
    {
        var hosted = stack[service];
        using var auditor = hosted.ClientAs(Roles.Auditor);
        using var anonymous = hosted.AnonymousClient();
        using var sponsor = hosted.ClientAs(Roles.Sponsor);
        using var writer = hosted.ClientAs(hosted.JsonWrite.Role);
        var list = new Uri(hosted.AuditorList.Path, UriKind.Relative);

        await AssertApiHeadersAsync(HttpStatusCode.OK, await auditor.GetAsync(list));
        await AssertApiHeadersAsync(HttpStatusCode.Unauthorized, await anonymous.GetAsync(list));
        await AssertApiHeadersAsync(HttpStatusCode.Forbidden, await sponsor.GetAsync(list));
        await AssertApiHeadersAsync(HttpStatusCode.NotFound, await auditor.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative)));
        using var tooLarge = new StringContent($$"""{"note":"{{new string('a', 1_100_000)}}"}""", Encoding.UTF8, "application/json");
        await AssertApiHeadersAsync(HttpStatusCode.RequestEntityTooLarge, await writer.PostAsync(new Uri(hosted.JsonWrite.Path, UriKind.Relative), tooLarge));
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task A_500_written_by_the_exception_handler_carries_the_security_headers_and_no_store(string service)
    {
        var hosted = stack[service];
        using var auditor = hosted.ClientAs(Roles.Auditor);

        // The list's table gone for a moment is a fault of ours the handler answers with a 500 ProblemDetails.
        await Sql.ExecuteAsync(hosted.ConnectionString, $"ALTER TABLE {hosted.AuditorListTable} RENAME TO {hosted.AuditorListTable}_hidden");
        HttpResponseMessage answer;
        try
        {
            answer = await auditor.GetAsync(new Uri(hosted.AuditorList.Path, UriKind.Relative));
        }
        finally
        {
            await Sql.ExecuteAsync(hosted.ConnectionString, $"ALTER TABLE {hosted.AuditorListTable}_hidden RENAME TO {hosted.AuditorListTable}");
        }

        await AssertApiHeadersAsync(HttpStatusCode.InternalServerError, answer);
    }

    [Theory]
    [InlineData("registry")]
    [InlineData("funding")]
    [InlineData("billing")]
    [InlineData("claims")]
    public async Task A_probe_outside_the_api_carries_the_security_headers_and_kestrel_names_no_server(string service)
    {
        var hosted = stack[service];
        using var anonymous = hosted.AnonymousClient();

        using var probe = await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        BrowserHeaders.AssertPresent(probe);
        Assert.False(hosted.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    private static async Task AssertApiHeadersAsync(HttpStatusCode status, HttpResponseMessage answer)
    {
        using (answer)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(status == answer.StatusCode, $"Expected {(int)status}, got {(int)answer.StatusCode}: {body}");
            if (status != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            }

            BrowserHeaders.AssertPresent(answer);
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{(int)status}: Cache-Control is '{answer.Headers.CacheControl}'.");
        }
    }

}
