namespace PijarSemar.LocalServers;

/// <summary>A server or process did not become ready; the message carries its last output lines.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException()
    {
    }

    public ServerStartException(string message)
        : base(message)
    {
    }

    public ServerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception whose message ends with the process's last output lines.</summary>
    public static ServerStartException WithOutput(string message, IReadOnlyList<string> recentOutput) =>
        new(recentOutput is null || recentOutput.Count == 0
            ? message
            : $"{message} Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, recentOutput)}");
}
