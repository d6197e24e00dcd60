using PijarSemar.Claims.Domain;

namespace PijarSemar.Claims.Coverage;

/// <summary>How Claims asks Billing about coverage (section <c>Claims:CoverageRecheck</c>).</summary>
public sealed class CoverageOptions
{
    public const string Section = "Claims:CoverageRecheck";

    /// <summary>How often the background check looks for claims due to be asked about again.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after the first unanswered check; it doubles with each one after, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a PendingPayment claim is asked about again while a payment could still make it Covered.</summary>
    public TimeSpan PendingPaymentInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a filing waits for Billing in all, retries included: the officer is told Unknown
    /// rather than kept waiting, and the background check asks again.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Claims taken by one background pass; each is held for <see cref="Lease"/> so another replica does not ask too.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a background pass holds the claims it took; a replica that died mid-pass leaves them to another after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<string> Problems()
    {
        if (Interval <= TimeSpan.Zero || Interval > TimeSpan.FromHours(1))
        {
            yield return $"Interval must be more than zero and at most an hour, not {Interval}.";
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            yield return $"RetryDelay must be more than zero and at most MaxRetryDelay ({MaxRetryDelay}), not {RetryDelay}.";
        }

        if (MaxRetryDelay > TimeSpan.FromDays(1))
        {
            yield return $"MaxRetryDelay must be at most a day, not {MaxRetryDelay}.";
        }

        if (PendingPaymentInterval <= TimeSpan.Zero || PendingPaymentInterval > TimeSpan.FromDays(31))
        {
            yield return $"PendingPaymentInterval must be more than zero and at most 31 days, not {PendingPaymentInterval}.";
        }

        if (CallTimeout <= TimeSpan.Zero || CallTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"CallTimeout must be more than zero and at most a minute, not {CallTimeout}.";
        }

        if (BatchSize is < 1 or > 1000)
        {
            yield return $"BatchSize must be from 1 to 1000, not {BatchSize}.";
        }

        if (Lease <= CallTimeout)
        {
            yield return $"Lease must be longer than CallTimeout ({CallTimeout}), not {Lease}.";
        }
    }

    public CoverageRecheckPolicy Policy => new(RetryDelay, MaxRetryDelay, PendingPaymentInterval);
}
