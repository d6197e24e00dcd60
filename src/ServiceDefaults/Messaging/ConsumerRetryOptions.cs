using System.ComponentModel.DataAnnotations;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// How a consumer waits out a transient failure (<c>Messaging:Retry</c>). The message stays
/// unacknowledged on its queue meanwhile, so an outage of the database holds messages back
/// instead of parking them in <c>_error</c>; the pauses grow to <see cref="MaxInterval"/>, so a
/// long outage costs one attempt per message per interval, not a busy loop.
/// </summary>
public sealed class ConsumerRetryOptions : IValidatableObject
{
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>About eight hours at the default intervals; RabbitMQ's consumer timeout redelivers the message long before.</summary>
    [Range(1, int.MaxValue)]
    public int Limit { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(MinInterval)]);
        }

        if (MaxInterval < MinInterval)
        {
            yield return new ValidationResult($"Must be at least {nameof(MinInterval)}.", [nameof(MaxInterval)]);
        }
    }
}
