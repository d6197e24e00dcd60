using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PijarSemar.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Our own activity sources and meters (<c>PijarSemar.Messaging</c> and whatever comes next).</summary>
    private const string OwnNames = "PijarSemar*";

    private static readonly string[] Sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "MassTransit", OwnNames];

    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql", "MassTransit", OwnNames,
    ];

    /// <summary>
    /// Traces and metrics over the libraries' own sources (no instrumentation packages are
    /// available to us), exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// <paramref name="configureTracing"/> and <paramref name="configureMetrics"/> add processors or readers of a caller's own.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(
        this IHostApplicationBuilder builder,
        Action<TracerProviderBuilder>? configureTracing = null,
        Action<MeterProviderBuilder>? configureMetrics = null)
    {
        var resource = ResourceBuilder.CreateDefault().AddService(builder.Environment.ApplicationName);
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
        if (exportOtlp)
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        configureTracing?.Invoke(tracing);
        configureMetrics?.Invoke(metrics);

        // Built by the container, so the container disposes them when the host is disposed, which
        // flushes the last batch; an instance handed in ready-made would never be disposed.
        builder.Services.AddSingleton(_ => tracing.Build());
        builder.Services.AddSingleton(_ => metrics.Build());

        // First of the hosted services, so the providers listen before anything else starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TelemetryStartup>());
        return builder;
    }

    /// <summary>Tags each server span with its route and status code (see <see cref="ServerSpanTags"/>).</summary>
    public static IApplicationBuilder UseServerSpanTags(this IApplicationBuilder app) => app.UseMiddleware<ServerSpanTags>();

    /// <summary>Builds the providers when the host starts; they would otherwise wait for someone to ask for them.</summary>
    private sealed class TelemetryStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<TracerProvider>();
            services.GetRequiredService<MeterProvider>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
