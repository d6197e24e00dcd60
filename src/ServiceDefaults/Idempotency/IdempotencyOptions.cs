using System.ComponentModel.DataAnnotations;

namespace PijarSemar.ServiceDefaults.Idempotency;

/// <summary>Settings of section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions : IValidatableObject
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered; a client retrying later than this runs the request again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A key whose first request has run this long without an answer (its replica stopped) is
    /// given to the next request with it; until then a second request gets 409.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired keys are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Keys deleted per statement, so the clean-up never holds long locks.</summary>
    [Range(1, 100_000)]
    public int CleanupBatchSize { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PendingTimeout >= Retention)
        {
            yield return new ValidationResult(
                "PendingTimeout must be shorter than Retention.", [nameof(PendingTimeout), nameof(Retention)]);
        }
    }
}
