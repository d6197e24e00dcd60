namespace PijarSemar.Registry.WorkerImports;

/// <summary>Settings of bulk imports (section <c>Registry:Imports</c>).</summary>
public sealed class WorkerImportOptions
{
    /// <summary>Larger uploads are refused with 413 as soon as they pass this size, before anything is stored.</summary>
    public long MaxUploadBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>How often, in rows, a running import reports its progress (rowsDone).</summary>
    public int ProgressEveryRows { get; set; } = 10_000;

    /// <summary>How often the runner looks for imports uploaded to another replica or left by a stopped one.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An import that has failed this many times (database errors, crashes) is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long an uploaded file is kept after its upload; then it is deleted, and the import with its
    /// counts and rejected rows (values included, for the download) stays. A Failed import can be
    /// retried only while its file is kept.
    /// </summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Pieces of an upload that never became an import (the instance stopped mid-upload) are deleted after this.</summary>
    public TimeSpan AbandonedUploadAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often files past their retention and abandoned uploads are looked for.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The reasons the settings make no sense; none when they do.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxUploadBytes < 1)
        {
            yield return $"MaxUploadBytes must be at least 1, not {MaxUploadBytes}.";
        }

        if (ProgressEveryRows < 1)
        {
            yield return $"ProgressEveryRows must be at least 1, not {ProgressEveryRows}.";
        }

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromDays(1))
        {
            yield return $"PollInterval must be more than zero and at most a day, not {PollInterval}.";
        }

        if (MaxAttempts < 1)
        {
            yield return $"MaxAttempts must be at least 1, not {MaxAttempts}.";
        }

        if (FileRetention < TimeSpan.FromDays(1))
        {
            yield return $"FileRetention must be at least a day, so an operator can download the rejected rows and retry, not {FileRetention}.";
        }

        if (AbandonedUploadAfter < TimeSpan.FromHours(1))
        {
            yield return $"AbandonedUploadAfter must be at least an hour, longer than any upload takes, not {AbandonedUploadAfter}.";
        }

        if (RetentionSweepInterval <= TimeSpan.Zero || RetentionSweepInterval > TimeSpan.FromDays(1))
        {
            yield return $"RetentionSweepInterval must be more than zero and at most a day, not {RetentionSweepInterval}.";
        }
    }
}
