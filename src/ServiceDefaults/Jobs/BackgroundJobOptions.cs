namespace PijarSemar.ServiceDefaults.Jobs;

/// <summary>How a job's runner polls and retries; named options, one set per job.</summary>
public sealed class BackgroundJobOptions
{
    /// <summary>How often the runner looks for items queued on another replica or left by a stopped one, and waits after a failed attempt.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An item whose attempts failed or were interrupted this many times is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The reasons the settings make no sense; none when they do.</summary>
    public IEnumerable<string> Problems()
    {
        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromDays(1))
        {
            yield return $"PollInterval must be more than zero and at most a day, not {PollInterval}.";
        }

        if (MaxAttempts < 1)
        {
            yield return $"MaxAttempts must be at least 1, not {MaxAttempts}.";
        }
    }
}

/// <summary>The identity of a registered job: its name (logs, options) and the advisory-lock space of its items.</summary>
public sealed record BackgroundJobDefinition<TJob>(string Name, int LockSpace)
    where TJob : IBackgroundJob;
