using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PijarSemar.Registry.Data;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Errors;

/// <summary>What a PostgreSQL error may tell the caller and the logs: never the data it quotes.</summary>
public sealed partial class DatabaseErrorTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task No_log_entry_quotes_the_nik_or_name_of_a_duplicate_a_nul_byte_request_or_a_failed_statement()
    {
        var logs = new CapturedLogs();
        await using var host = registry.Factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("test-operator", Roles.Operator));
        var worker = WorkerSamples.Valid() with { FullName = "Siti " + RegistryApiExtensions.UniqueWord() };
        var name = worker.FullName!.Split(' ')[1];

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/workers", worker)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/workers", worker)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/workers", worker with { FullName = worker.FullName + "\0", Nik = WorkerSamples.Valid().Nik })).StatusCode);

        // A statement PostgreSQL refuses while quoting its input (here the JSON text) in the error context, as EF and our code log it.
        var quoted = $$"""{"nik": "{{worker.Nik}}", "name": "{{name}}", oops}""";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
            var failure = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT {0}::jsonb", quoted));
            Assert.Contains(name, failure.Where, StringComparison.Ordinal);
            LogStoreFailed(scope.ServiceProvider.GetRequiredService<ILogger<DatabaseErrorTests>>(), failure.Where!, failure);
        }

        Assert.Contains(logs.Entries, entry => entry.Contains("22P02", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains(worker.Nik![6..], StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_unique_violation_in_the_inbox_is_a_500_without_details_not_already_exists()
    {
        var id = Guid.NewGuid();
        const string insert = "INSERT INTO inbox_messages (message_id, consumer) VALUES (@id, 'test')";
        await ExecuteAsync(insert, id);
        var clash = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(insert, id));

        foreach (var exception in new Exception[] { clash, new DbUpdateException("wrapped", clash) })
        {
            var (status, body) = await AnswerAsync(exception);

            Assert.Equal(StatusCodes.Status500InternalServerError, status);
            Assert.DoesNotContain("exists", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("inbox", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_unique_violation_in_a_business_table_is_a_409_already_exists()
    {
        var clash = await Assert.ThrowsAsync<PostgresException>(
            () => ExecuteAsync("INSERT INTO occupations SELECT * FROM occupations LIMIT 1", Guid.Empty));

        var (status, body) = await AnswerAsync(new DbUpdateException("wrapped", clash));

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("Already exists.", JsonSerializer.Deserialize<JsonElement>(body).GetProperty("title").GetString());
    }

    private async Task<(int Status, string Body)> AnswerAsync(Exception exception)
    {
        await using var scope = registry.Factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<ProblemDetailsExceptionHandler>(scope.ServiceProvider);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Payload}")]
    private static partial void LogStoreFailed(ILogger logger, string payload, Exception exception);
}
