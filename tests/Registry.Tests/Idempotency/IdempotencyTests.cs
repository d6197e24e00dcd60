using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.Errors;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Idempotency;

public sealed class IdempotencyTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator, "operator-idempotency");

    [Fact]
    public async Task Two_identical_posts_with_one_key_register_one_worker_and_get_the_same_answer()
    {
        var key = Guid.NewGuid().ToString();
        var worker = WorkerSamples.Valid();

        var first = await PostAsync(_operator, worker, key);
        var second = await PostAsync(_operator, worker, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", worker.Nik!)));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", (await first.Content.ReadFromJsonAsync<WorkerResponse>())!.Id.ToString())));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_and_registers_nothing()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(_operator, WorkerSamples.Valid(), key)).StatusCode);
        var other = WorkerSamples.Valid();

        var response = await PostAsync(_operator, other, key);

        await ErrorAnswerTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "The Idempotency-Key was used for another request.");
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", other.Nik!)));
    }

    [Fact]
    public async Task Without_a_key_a_repeated_post_is_run_again_as_before()
    {
        var worker = WorkerSamples.Valid();

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(_operator, worker, key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(_operator, worker, key: null)).StatusCode);
    }

    [Fact]
    public async Task A_refusal_the_caller_caused_is_stored_and_replayed()
    {
        var key = Guid.NewGuid().ToString();
        var invalid = WorkerSamples.Valid() with { FullName = "Budi 2" };

        var first = await PostAsync(_operator, invalid, key);
        var second = await PostAsync(_operator, invalid, key);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_conflict_thrown_by_the_handler_is_stored_and_replayed()
    {
        var worker = WorkerSamples.Valid();
        await _operator.RegisterAsync(worker);
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(_operator, worker, key);
        var second = await PostAsync(_operator, worker, key);

        await ErrorAnswerTests.AssertProblemAsync(first, HttpStatusCode.Conflict, "NIK already registered.");
        await ErrorAnswerTests.AssertProblemAsync(second, HttpStatusCode.Conflict, "NIK already registered.");
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_belong_to_their_caller_so_another_operators_same_key_runs_the_request()
    {
        var key = Guid.NewGuid().ToString();
        var worker = WorkerSamples.Valid();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(_operator, worker, key)).StatusCode);

        var response = await PostAsync(registry.ClientAs(Roles.Operator, "another-operator"), worker, key);

        // Run, not replayed: the NIK is registered by now.
        await ErrorAnswerTests.AssertProblemAsync(response, HttpStatusCode.Conflict, "NIK already registered.");
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_second_request_while_the_first_is_still_running_is_a_409()
    {
        var key = Guid.NewGuid().ToString();
        await registry.ScalarAsync<int>(
            "INSERT INTO idempotency_keys (subject, key, endpoint, request_hash) VALUES ('operator-idempotency', @key, 'POST /api/v1/workers/', '\\x00') RETURNING 1",
            ("key", key));
        var worker = WorkerSamples.Valid();

        var response = await PostAsync(_operator, worker, key);

        await ErrorAnswerTests.AssertProblemAsync(response, HttpStatusCode.Conflict, "A request with this Idempotency-Key is still running.");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", worker.Nik!)));
    }

    public static TheoryData<string> BadKeys => [" ", new string('k', 101), "kunci-\u00fc", "key\u0001"];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_malformed_key_is_a_400_naming_the_header(string key)
    {
        var worker = WorkerSamples.Valid();

        var response = await PostAsync(_operator, worker, key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Idempotency-Key"], await response.ErrorFieldsAsync());
        Assert.Equal(0L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", worker.Nik!)));
    }

    [Fact]
    public async Task A_key_of_100_printable_characters_is_accepted()
    {
        var response = await PostAsync(_operator, WorkerSamples.Valid(), new string('k', 90) + "-~ !#$%&*+");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void Settings_out_of_range_stop_the_service_at_start()
    {
        using var factory = registry.Factory.WithWebHostBuilder(web => web.UseSetting("Idempotency:PendingTimeout", "2.00:00:00"));

        Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
    }

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, RegisterWorkerRequest worker, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workers") { Content = JsonContent.Create(worker, options: JsonSerializerOptions.Web) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }
}
