namespace PijarSemar.Registry.WorkerImports;

public enum WorkerImportStatus
{
    /// <summary>Stored and waiting for the runner.</summary>
    Queued,

    /// <summary>Being validated and imported; nothing of it is visible until it completes.</summary>
    Running,

    /// <summary>Every row was either imported or rejected with its reasons.</summary>
    Completed,

    /// <summary>Could not be processed after the configured number of attempts; nothing of it was imported.</summary>
    Failed,
}
