using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.Contracts;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>A <see cref="Period"/> binds from the route, the query and a JSON body of a minimal API, strictly.</summary>
public sealed class PeriodBindingTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();

        // The error handling of AddServiceDefaults, without its authentication and telemetry.
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.MapGet("/runs/{period}", (Period period) => period.Next().ToString());
        _app.MapGet("/invoices", (Period? period) => period?.ToString() ?? "none");
        _app.MapPost("/runs", (RunRequest request) => request.Period.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_period_binds_from_the_route_the_query_and_the_body()
    {
        Assert.Equal("2027-01", await Client.GetStringAsync(new Uri("/runs/2026-12", UriKind.Relative)));
        Assert.Equal("2026-03", await Client.GetStringAsync(new Uri("/invoices?period=2026-03", UriKind.Relative)));
        Assert.Equal("none", await Client.GetStringAsync(new Uri("/invoices", UriKind.Relative)));
        var posted = await Client.PostAsJsonAsync("/runs", new { period = "2028-02" });
        Assert.Equal("2028-02-29", await posted.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/runs/2026-1")]
    [InlineData("/runs/2026-13")]
    [InlineData("/invoices?period=2026-01-01")]
    [InlineData("/invoices?period=%202026-01")]
    public async Task A_malformed_period_in_the_route_or_query_is_a_400(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_period_in_the_body_is_a_400_naming_the_field()
    {
        var response = await Client.PostAsJsonAsync("/runs", new { period = "2026-1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["period"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    private sealed record RunRequest(Period Period);
}
