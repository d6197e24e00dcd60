using MassTransit;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Retries a failing message a few times with growing pauses (a deadlock, a restarting
/// database); after that MassTransit moves it to the <c>_error</c> queue, where it is kept for a person.
/// </summary>
public abstract class RetryingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
            retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
    }
}
