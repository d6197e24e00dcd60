using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Errors;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

/// <summary>
/// A request that fails because the database is away (down, restarting, out of connections) is
/// answered 503 with Retry-After, so clients and gateways retry; a fault of ours stays a 500.
/// </summary>
public sealed class DatabaseUnavailableTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        _app = builder.Build();
        _app.UseExceptionHandler();

        // Nothing listens on a fresh free port: the connection is refused, as when PostgreSQL is stopped.
        var nowhere = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2;Pooling=false";
        _app.MapGet("/refused", async () =>
        {
            await using var connection = new NpgsqlConnection(nowhere);
            await connection.OpenAsync();
            return "unreachable";
        });
        _app.MapGet("/shutting-down", string () =>
            throw new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown));
        _app.MapGet("/bug", string () =>
            throw new PostgresException("column \"x\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn));
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

    [Theory]
    [InlineData("/refused")]
    [InlineData("/shutting-down")]
    public async Task A_request_that_cannot_reach_the_database_is_answered_503_with_retry_after(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemDetailsExceptionHandler.DatabaseRetryAfter, response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_database_error_that_retrying_would_not_cure_stays_a_500()
    {
        var response = await Client.GetAsync(new Uri("/bug", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }
}
