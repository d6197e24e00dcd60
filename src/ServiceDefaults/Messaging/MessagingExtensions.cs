using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
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
    /// consumers found in <paramref name="consumers"/>. Queues are prefixed with the service name
    /// so two services never share one; replicas of one service share its queues and compete for
    /// messages. <c>Messaging:EndpointPrefix</c> overrides the prefix, which lets isolated test
    /// hosts share one broker.
    /// <para>
    /// Every receive endpoint gets the same error handling and every consumer the inbox of
    /// <typeparamref name="TContext"/> (see README.md): a transient failure is retried with growing
    /// pauses for as long as it lasts, any other goes to the endpoint's <c>_error</c> queue at once,
    /// and each message takes effect once per consumer, committed with what the consumer changed.
    /// </para>
    /// <para><c>Messaging:QuorumQueues=true</c> (production, a RabbitMQ cluster) declares every receive
    /// endpoint's queue as a quorum queue; a queue's type is fixed when it is first declared.</para>
    /// <para><paramref name="includeConsumer"/> narrows which consumers of the assembly are registered
    /// (a test assembly holding several hosts' consumers); by default all are.</para>
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(
        this IHostApplicationBuilder builder, string serviceName, Assembly consumers, Func<Type, bool>? includeConsumer = null)
        where TContext : DbContext
    {
        var rabbit = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured.");

        var prefix = builder.Configuration["Messaging:EndpointPrefix"] ?? serviceName;
        var quorumQueues = builder.Configuration.GetValue<bool>("Messaging:QuorumQueues");
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
        builder.Services.AddConsumerPipeline(rabbit);
        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "masstransit";
                health.Tags.Add(MessagingHealth.Tag);
            });
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, false));
            bus.AddConsumers(includeConsumer ?? (_ => true), consumers);
            bus.AddConfigureEndpointsCallback((context, queue, endpoint) =>
            {
                context.GetRequiredService<ErrorQueues>().AddEndpoint(queue);

                // On a RabbitMQ cluster a classic queue lives on one node and its messages die with it;
                // a quorum queue is replicated. MassTransit gives the _error queue the same arguments.
                if (quorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    rabbitEndpoint.SetQuorumQueue();
                }

                var retry = context.GetRequiredService<IOptions<ConsumerRetryOptions>>().Value;

                // Only transient failures are retried; the rest fail this attempt and go to _error.
                endpoint.UseMessageRetry(policy =>
                {
                    policy.Handle<Exception>(TransientErrors.IsTransient);
                    policy.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.MinInterval);
                });
            });
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(new Uri(rabbit));
                rabbitMq.ConnectConsumerConfigurationObserver(new InboxConfigurationObserver<TContext>());
                rabbitMq.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static void AddConsumerPipeline(this IServiceCollection services, string rabbit)
    {
        services.AddOptions<ConsumerRetryOptions>().BindConfiguration("Messaging:Retry").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InboxOptions>().BindConfiguration("Inbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<InboxCleanup>();
        services.AddMetrics();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ErrorQueues>(provider, new Uri(rabbit)));
        services.AddHostedService(provider => provider.GetRequiredService<ErrorQueues>());
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                "error-queues", provider => new ErrorQueuesHealthCheck(provider.GetRequiredService<ErrorQueues>()), HealthStatus.Degraded, ["messaging"]));
    }
}
