namespace PijarSemar.ServiceDefaults.Data;

/// <summary>Bound from the <c>Migrations</c> section.</summary>
public sealed class MigrationOptions
{
    /// <summary>
    /// How long one migration statement may wait for a table lock (PostgreSQL's <c>lock_timeout</c>)
    /// before the migration fails, instead of queueing behind a long transaction while every
    /// query on that table queues behind the migration.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an instance waiting for another one's migrations asks for the migration lock again.</summary>
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an instance still waiting for the migration lock says so in the log.</summary>
    public TimeSpan WaitLogInterval { get; set; } = TimeSpan.FromSeconds(30);
}
