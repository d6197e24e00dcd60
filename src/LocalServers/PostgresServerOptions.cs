namespace PijarSemar.LocalServers;

public sealed record PostgresServerOptions(string DataDirectory, int Port)
{
    /// <summary>False for test servers: fsync, synchronous commit and full-page writes are off.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>True for throw-away test servers: the data directory is deleted when the server stops.</summary>
    public bool DeleteDataOnStop { get; init; }

    /// <summary>Receives every line the server writes.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>Extra server settings passed as <c>-c name=value</c>, e.g. max_connections.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
