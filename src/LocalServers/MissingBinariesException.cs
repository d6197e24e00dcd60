namespace PijarSemar.LocalServers;

/// <summary>A server cannot start because its programs are not installed; the message says how to install them.</summary>
public sealed class MissingBinariesException : Exception
{
    public const string InstallCommand = "apt-get update && apt-get install -y postgresql rabbitmq-server";

    public MissingBinariesException()
        : base($"PostgreSQL or RabbitMQ is not installed; install them with `{InstallCommand}`.")
    {
    }

    public MissingBinariesException(string message)
        : base(message)
    {
    }

    public MissingBinariesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static MissingBinariesException For(string missing, string place) =>
        new($"Cannot find {missing} in {place}; install it with `{InstallCommand}`.");
}
