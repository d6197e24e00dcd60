namespace PijarSemar.Registry.WorkerImports;

public enum ProcessResult
{
    /// <summary>Committed: every row imported or rejected.</summary>
    Completed,

    /// <summary>This attempt failed and rolled back; the import stays Running and is tried again.</summary>
    AttemptFailed,

    /// <summary>Failed too often and marked Failed; nothing of it was imported.</summary>
    GaveUp,

    /// <summary>Another runner holds the import.</summary>
    Busy,

    /// <summary>No longer Queued or Running.</summary>
    NotPending,
}
