using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Telemetry;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_span_of_our_own_ended_just_before_the_host_stops_is_exported_when_the_host_is_disposed()
    {
        // Other tests in this process make spans too (database calls, publishes): only this test's span counts.
        var name = $"publish WorkerRegistered {Guid.NewGuid():N}";
        var exported = new ConcurrentQueue<string>();
        var host = TelemetryHost(tracing => tracing.AddProcessor(
            new BatchActivityExportProcessor(new Collecting<Activity>(a => exported.Enqueue(a.DisplayName)), scheduledDelayMilliseconds: 600_000)));
        await host.StartAsync();
        using var source = new ActivitySource("PijarSemar.Messaging");

        source.StartActivity(name)!.Stop();
        await host.StopAsync();
        Assert.DoesNotContain(name, exported);
        host.Dispose();

        Assert.Single(exported, name);
    }

    [Fact]
    public async Task A_measurement_of_any_PijarSemar_meter_is_exported_when_the_host_is_disposed()
    {
        var exported = new ConcurrentQueue<string>();
        var host = TelemetryHost(configureMetrics: metrics => metrics.AddReader(
            new PeriodicExportingMetricReader(new Collecting<Metric>(m => exported.Enqueue($"{m.MeterName}/{m.Name}")), exportIntervalMilliseconds: 600_000)));
        await host.StartAsync();
        using var meter = new Meter("PijarSemar.Billing");

        meter.CreateCounter<long>("billing.invoices_issued").Add(3);
        await host.StopAsync();
        host.Dispose();

        Assert.Contains("PijarSemar.Billing/billing.invoices_issued", exported);
    }

    [Fact]
    public async Task Server_spans_carry_the_route_and_the_final_status_code()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var service = await LocalService.StartAsync(app =>
        {
            app.MapGet("/span-test/widgets/{id}", (string id) => Results.Ok(id)).AllowAnonymous();
            app.MapGet("/span-test/gadgets/{id}", IResult (string id) => throw new NotFoundException("No gadget.", $"No gadget {id}.")).AllowAnonymous();
            app.MapGet("/span-test/secrets/{id}", (string id) => Results.Ok(id));
        });

        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/span-test/widgets/7", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync(new Uri("/span-test/gadgets/7", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync(new Uri("/span-test/secrets/7", UriKind.Relative))).StatusCode);

        var tagged = await WaitForAsync(spans, 3);
        Assert.Contains(("/span-test/widgets/{id}", 200, "GET /span-test/widgets/{id}"), tagged);
        Assert.Contains(("/span-test/gadgets/{id}", 404, "GET /span-test/gadgets/{id}"), tagged);
        Assert.Contains(("/span-test/secrets/{id}", 401, "GET /span-test/secrets/{id}"), tagged);
    }

    private static async Task<List<(string? Route, int? Status, string Name)>> WaitForAsync(ConcurrentQueue<Activity> spans, int count)
    {
        // The hosting span stops after the response is sent, so it may trail the client's answer a little.
        for (var waited = 0; waited < 50; waited++)
        {
            var ours = spans
                .Where(span => span.GetTagItem("url.path") is string path ? path.StartsWith("/span-test", StringComparison.Ordinal) : span.DisplayName.Contains("/span-test", StringComparison.Ordinal))
                .Select(span => (span.GetTagItem("http.route") as string, span.GetTagItem("http.response.status_code") as int?, span.DisplayName))
                .ToList();
            if (ours.Count >= count)
            {
                return ours;
            }

            await Task.Delay(100);
        }

        return spans.Select(span => (span.GetTagItem("http.route") as string, span.GetTagItem("http.response.status_code") as int?, span.DisplayName)).ToList();
    }

    private static IHost TelemetryHost(Action<TracerProviderBuilder>? configureTracing = null, Action<MeterProviderBuilder>? configureMetrics = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Authentication.ServiceIdentity.TestingEnvironment });
        builder.AddTelemetry(configureTracing, configureMetrics);
        return builder.Build();
    }

    /// <summary>Hands each exported item to the test; stands where the OTLP exporter would.</summary>
    private sealed class Collecting<T>(Action<T> collect) : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            foreach (var item in batch)
            {
                collect(item);
            }

            return ExportResult.Success;
        }
    }
}
