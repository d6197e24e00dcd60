using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>The outbox dispatcher's settings (<c>Outbox:*</c>), checked when the service starts.</summary>
public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Per send: publisher confirms can hang after a broker restart.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between two attempts at one row, and between batches while the broker is away.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows claimed at once by one dispatcher.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Publishes of one batch awaiting their confirms at the same time.</summary>
    public int PublishConcurrency { get; set; } = 64;

    /// <summary>How long a claim holds its rows; a dispatcher that dies holding them frees them when it runs out.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Failed publishes of one row (the broker refusing or returning it) before it is set aside as dead.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long published rows are kept (to look into what was sent) before the clean-up deletes them.</summary>
    public TimeSpan KeepPublished { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so the clean-up never holds a long transaction or a large lock.</summary>
    public int CleanupBatchSize { get; set; } = 10_000;

    /// <summary>An unpublished row older than this makes the outbox health check report Degraded.</summary>
    public TimeSpan BacklogAgeDegraded { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class OutboxOptionsValidation : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var failures = new List<string>();
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.PublishTimeout, nameof(options.PublishTimeout));
        Positive(options.MaxBackoff, nameof(options.MaxBackoff));
        Positive(options.KeepPublished, nameof(options.KeepPublished));
        Positive(options.CleanupInterval, nameof(options.CleanupInterval));
        Positive(options.BacklogAgeDegraded, nameof(options.BacklogAgeDegraded));
        AtLeastOne(options.BatchSize, nameof(options.BatchSize));
        AtLeastOne(options.PublishConcurrency, nameof(options.PublishConcurrency));
        AtLeastOne(options.MaxAttempts, nameof(options.MaxAttempts));
        AtLeastOne(options.CleanupBatchSize, nameof(options.CleanupBatchSize));

        // A batch whose every send times out must still end inside its lease, or a second dispatcher sends it again.
        var rounds = (int)Math.Ceiling(options.BatchSize / (double)Math.Max(1, options.PublishConcurrency));
        if (options.LeaseDuration <= options.PublishTimeout * rounds)
        {
            failures.Add($"Outbox:LeaseDuration ({options.LeaseDuration}) must be longer than Outbox:PublishTimeout × "
                + $"BatchSize / PublishConcurrency ({options.PublishTimeout * rounds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Outbox:{setting} must be a positive duration; it is {value}.");
            }
        }

        void AtLeastOne(int value, string setting)
        {
            if (value < 1)
            {
                failures.Add($"Outbox:{setting} must be at least 1; it is {value}.");
            }
        }
    }
}
