using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Wraps every consumer of the service in its inbox: one transaction records
/// <c>(message_id, consumer)</c>, runs the consumer, saves what it changed (its events included)
/// and commits. A delivery already recorded is acknowledged without running the consumer, and a
/// concurrent redelivery waits on the inbox key and is then skipped, so each message takes effect
/// once per consumer. Consumers write through the scope's <typeparamref name="TContext"/> and never
/// call an inbox helper themselves.
/// </summary>
internal sealed partial class InboxFilter<TContext, TConsumer, TMessage> : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TContext : DbContext
    where TConsumer : class
    where TMessage : class
{
    /// <summary>The consumer's class name, which the inbox rows of earlier versions used too.</summary>
    private static readonly string Consumer = typeof(TConsumer).Name;
    private static readonly string MessageType = typeof(TMessage).Name;

    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{MessageType} arrived without a MessageId; it cannot be deduplicated.");
        var services = context.GetPayload<IServiceProvider>();
        var db = services.GetRequiredService<TContext>();
        var ct = context.CancellationToken;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var recorded = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO inbox_messages (message_id, consumer) VALUES ({messageId}, {Consumer}) ON CONFLICT DO NOTHING", ct);
            if (recorded == 0)
            {
                var logger = services.GetRequiredService<ILogger<TContext>>();
                LogDuplicate(logger, MessageType, messageId, Consumer);
                return;
            }

            await next.Send(context);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            // Nothing of a failed attempt may be saved by whoever uses this context next.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageType} {MessageId} was already processed by {Consumer}; skipped")]
    private static partial void LogDuplicate(ILogger logger, string messageType, Guid messageId, string consumer);
}

/// <summary>Adds <see cref="InboxFilter{TContext, TConsumer, TMessage}"/> to every consumer and message type as it is configured.</summary>
internal sealed class InboxConfigurationObserver<TContext> : IConsumerConfigurationObserver
    where TContext : DbContext
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class =>
        configurator.UseFilter(new InboxFilter<TContext, TConsumer, TMessage>());
}
