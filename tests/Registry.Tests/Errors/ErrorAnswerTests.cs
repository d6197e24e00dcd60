using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Errors;

/// <summary>Every error is a ProblemDetails with the intended status, whatever the client asked for or sent.</summary>
public sealed class ErrorAnswerTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    public static TheoryData<string> Accepts => ["text/csv", "*/*", "text/html", "application/xml", "text/html, application/xhtml+xml;q=0.9", "not a media type;;", "application/json"];

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_unknown_imports_rejected_rows_csv_is_a_404_problem_whatever_the_client_accepts(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/worker-imports/{Guid.NewGuid()}/rejections.csv");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await _operator.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "Import not found.");
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/csv")]
    public async Task Answers_without_a_body_of_their_own_are_problems_whatever_the_client_accepts(string accept)
    {
        var auditor = registry.ClientAs(Roles.Auditor);
        (HttpClient Client, HttpRequestMessage Request, HttpStatusCode Status)[] cases =
        [
            (registry.AnonymousClient(), new(HttpMethod.Get, "/api/v1/occupations"), HttpStatusCode.Unauthorized),
            (auditor, new(HttpMethod.Post, "/api/v1/workers") { Content = JsonContent.Create(WorkerSamples.Valid()) }, HttpStatusCode.Forbidden),
            (_operator, new(HttpMethod.Get, "/api/v1/no-such-thing"), HttpStatusCode.NotFound),
            (_operator, new(HttpMethod.Delete, "/api/v1/workers"), HttpStatusCode.MethodNotAllowed),
            (_operator, new(HttpMethod.Post, "/api/v1/workers") { Content = new StringContent("nik=1", Encoding.UTF8, "text/plain") }, HttpStatusCode.UnsupportedMediaType),
        ];

        foreach (var (client, request, status) in cases)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
            await AssertProblemAsync(await client.SendAsync(request), status);
        }
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0001")]
    [InlineData("\u001b")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public async Task A_control_character_in_a_body_string_is_a_400_naming_the_field_and_writes_nothing(string control)
    {
        var before = await WrittenAsync();
        var request = WorkerSamples.Valid() with { Address = $"Jl. Pemuda{control} No. 1" };

        var response = await _operator.PostAsJsonAsync("/api/v1/workers", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["address"], await response.ErrorFieldsAsync());
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task A_nul_byte_in_a_query_parameter_is_a_400_naming_the_parameter()
    {
        var response = await _operator.GetAsync("/api/v1/workers?name=Siti%00Rahayu");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_duplicate_json_key_is_a_400_naming_the_property()
    {
        var sample = WorkerSamples.Valid();
        var json = JsonSerializer.Serialize(sample, JsonSerializerOptions.Web);
        var duplicated = json.Insert(1, $"\"nik\":\"{WorkerSamples.Valid().Nik}\",");

        var response = await _operator.PostAsync("/api/v1/workers", new StringContent(duplicated, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["nik"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task An_11_mb_json_body_is_a_413_problem()
    {
        var before = await WrittenAsync();
        var huge = JsonSerializer.Serialize(WorkerSamples.Valid() with { Address = new string('x', 11 * 1024 * 1024) }, JsonSerializerOptions.Web);

        var response = await _operator.PostAsync("/api/v1/workers", new StringContent(huge, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request body is too large.");
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task An_11_mb_json_body_sent_without_a_length_stops_being_read_at_the_limit_with_a_413_problem()
    {
        // The test server always declares the length of what it sends; this host forgets it, as for a chunked body.
        var read = new long[1];
        await using var host = registry.Factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new WithoutContentLength(read))));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("test-operator", Roles.Operator));
        var huge = JsonSerializer.Serialize(WorkerSamples.Valid() with { Address = new string('x', 11 * 1024 * 1024) }, JsonSerializerOptions.Web);

        var response = await client.PostAsync("/api/v1/workers", new StringContent(huge, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request body is too large.");
        Assert.InRange(read[0], 1024 * 1024, 2 * 1024 * 1024);
    }

    [Fact]
    public async Task A_nul_byte_inside_a_csv_field_refuses_the_upload_with_400_not_500()
    {
        var csv = ImportCsv.Of([WorkerSamples.Valid() with { Address = "Jl. Pemuda\0 No. 1" }]);

        var response = await _operator.UploadAsync(csv);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "The file is not CSV text.");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }
    }

    private Task<long> WrittenAsync() => registry.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log)");

    /// <summary>Removes the declared length before any middleware runs, and counts the bytes the service read.</summary>
    private sealed class WithoutContentLength(long[] read) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Headers.ContentLength = null;
                context.Request.Body = new CountingStream(context.Request.Body, read);
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingStream(Stream inner, long[] read) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read[0]; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            read[0] += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
