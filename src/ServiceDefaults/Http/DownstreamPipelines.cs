using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace PijarSemar.ServiceDefaults.Http;

/// <summary>
/// One resilience pipeline per downstream service, for the life of the process. The circuit
/// breaker's state lives in the pipeline: were it built with each handler, every handler the
/// client factory recycles (and every other typed client of the same service) would start with a
/// closed breaker and keep hammering a service that is down.
/// </summary>
public sealed class DownstreamPipelines : IDisposable, IAsyncDisposable
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("request");

    private readonly ResiliencePipelineRegistry<string> _registry = new();

    /// <summary>The pipeline every call to <paramref name="serviceName"/> goes through, whichever client makes it.</summary>
    public ResiliencePipeline<HttpResponseMessage> For(string serviceName) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>(serviceName, Configure);

    public void Dispose() => _registry.Dispose();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    /// <summary>
    /// Timeout, retry with jitter and a circuit breaker. Only safe methods are retried: repeating a
    /// POST could register or pay something twice.
    /// </summary>
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) => pipeline
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = args => ValueTask.FromResult(IsSafe(args.Context) && IsTransient(args.Outcome)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        })
        .AddTimeout(TimeSpan.FromSeconds(10));

    private static bool IsSafe(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request)
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (int)response.StatusCode >= 500,
        _ => false,
    };
}
