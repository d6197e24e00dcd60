using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class SmallUploadLimitFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Imports:MaxUploadBytes"] = UploadSizeLimitTests.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
});

public sealed class UploadSizeLimitTests(SmallUploadLimitFixture registry) : IClassFixture<SmallUploadLimitFixture>
{
    public const int Limit = 4096;

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_file_declared_larger_than_the_limit_is_refused_with_413_and_nothing_is_stored()
    {
        var storedBefore = await StoredAsync();

        var response = await _operator.UploadAsync(FileOfAtLeast(Limit + 1));

        await AssertTooLargeAsync(response, storedBefore);
    }

    [Fact]
    public async Task A_file_streamed_without_a_length_is_refused_with_413_and_nothing_is_stored()
    {
        var storedBefore = await StoredAsync();
        var content = new StreamContent(new UnknownLengthStream(FileOfAtLeast(Limit * 3)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");

        var response = await _operator.PostAsync(ImportApi.Path, content);

        await AssertTooLargeAsync(response, storedBefore);
    }

    [Fact]
    public async Task The_upload_check_stops_reading_a_file_soon_after_it_passes_the_limit()
    {
        // The test server reads a whole request body whatever the endpoint does, so this asks the intake directly.
        var body = new UnknownLengthStream(FileOfAtLeast(10 * 1024 * 1024));
        var intake = registry.Factory.Services.GetRequiredService<WorkerImportIntake>();

        var result = await intake.AcceptAsync(body, "test-operator", CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.Refusal?.StatusCode);
        Assert.InRange(body.BytesRead, Limit + 1, Limit + UnknownLengthStream.MaxRead);
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_accepted()
    {
        var file = FileOfAtLeast(Limit - 200);
        var padded = file.Concat(Encoding.UTF8.GetBytes(new string('\n', Limit - file.Length))).ToArray();

        var response = await _operator.UploadAsync(padded);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task AssertTooLargeAsync(HttpResponseMessage response, long storedBefore)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The file is too large.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(storedBefore, await StoredAsync());
    }

    /// <summary>Imports and stored file pieces: neither changes while the runner works on an earlier import.</summary>
    private Task<long> StoredAsync() => registry.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM worker_imports) + (SELECT count(*) FROM worker_import_file_chunks)");

    private static byte[] FileOfAtLeast(int bytes)
    {
        var text = new StringBuilder(ImportCsv.Header).Append("\r\n");
        while (text.Length < bytes)
        {
            text.Append(ImportCsv.Line(WorkerSamples.Valid())).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Hides the length, so the client sends the body chunked, and counts what the server read.</summary>
    private sealed class UnknownLengthStream(byte[] content) : Stream
    {
        private int _position;

        public const int MaxRead = 16 * 1024;

        public long BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, MaxRead), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
