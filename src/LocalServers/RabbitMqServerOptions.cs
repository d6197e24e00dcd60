namespace PijarSemar.LocalServers;

public sealed record RabbitMqServerOptions(string BaseDirectory, int Port)
{
    /// <summary>True for throw-away test brokers: the base directory is deleted when the broker stops.</summary>
    public bool DeleteDataOnStop { get; init; }

    /// <summary>Receives every line the broker writes.</summary>
    public Action<string>? Output { get; init; }

    /// <summary>
    /// The Erlang node name, by default <c>pijar-{Port}@localhost</c>. The node's data is kept
    /// under its name, so a broker with durable data must keep the same one.
    /// </summary>
    public string? NodeName { get; init; }

    /// <summary>The Erlang distribution port (used by rabbitmqctl); a free one when not set.</summary>
    public int? DistributionPort { get; init; }
}
