using PijarSemar.TestSupport;

namespace PijarSemar.LocalServers.Tests;

/// <summary>
/// This assembly doubles as the owner process the tests need, run as <c>dotnet LocalServers.Tests.dll</c>:
/// <c>own-servers DIR</c> starts a server pair under DIR, says so, and waits to be killed;
/// <c>use-test-servers</c> does what a test run does: starts the test servers, uses them, and exits.
/// </summary>
public static class Program
{
    public const string OwnServers = "own-servers";
    public const string UseTestServers = "use-test-servers";
    public const string ReadyLine = "servers ready";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case [OwnServers, var root]:
                await using (await ServerPair.StartAsync(root))
                {
                    Console.WriteLine(ReadyLine);
                    await Task.Delay(Timeout.Infinite);
                }
                return 0;
            case [UseTestServers]:
                await TestServers.PostgresAsync();
                await TestServers.RabbitMqAsync();
                Console.WriteLine(ReadyLine);
                return 0; // TestServers stops both as the process exits
            default:
                await Console.Error.WriteLineAsync($"usage: {OwnServers} DIRECTORY | {UseTestServers}");
                return 2;
        }
    }
}
