namespace PijarSemar.LocalServers.Tests;

/// <summary>
/// Run as <c>dotnet LocalServers.Tests.dll own-servers DIR</c>, this assembly is the
/// owner process the kill test needs: it starts a server pair under DIR, says so, and waits to be killed.
/// </summary>
public static class Program
{
    public const string OwnServers = "own-servers";
    public const string ReadyLine = "servers ready";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [OwnServers, var root])
        {
            await Console.Error.WriteLineAsync($"usage: {OwnServers} DIRECTORY");
            return 2;
        }
        await using var servers = await ServerPair.StartAsync(root);
        Console.WriteLine(ReadyLine);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
