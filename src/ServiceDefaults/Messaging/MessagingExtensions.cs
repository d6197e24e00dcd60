using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ (<c>ConnectionStrings:rabbitmq</c>, an amqp:// URI) with the
    /// consumers and consumer definitions found in <paramref name="consumers"/>. Queues are
    /// prefixed with the service name so two services never share one; replicas of one service
    /// share its queues and compete for messages. <c>Messaging:EndpointPrefix</c> overrides the
    /// prefix, which lets isolated test hosts share one broker.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder, string serviceName, Assembly consumers)
    {
        var rabbit = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");

        var prefix = builder.Configuration["Messaging:EndpointPrefix"] ?? serviceName;
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidation>();
        builder.Services.AddSingleton<OutboxLeases>();
        builder.Services.AddSingleton<OutboxCleanup>();
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<OutboxTelemetry>();
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // Start even while the broker is down: the outbox holds events until it is back.
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(15);
        });

        // Reported at /health/messaging, never gating readiness: a broker outage only delays events.
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("broker", _ => new BrokerHealthCheck(new Uri(rabbit)), HealthStatus.Unhealthy, [MessagingHealth.Tag]))
            .AddCheck<OutboxBacklogHealthCheck>("outbox", HealthStatus.Unhealthy, [MessagingHealth.Tag]);
        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "masstransit";
                health.Tags.Add(MessagingHealth.Tag);
            });
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            bus.AddConsumers(consumers);
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(new Uri(rabbit));
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
