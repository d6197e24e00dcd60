using Microsoft.Extensions.Configuration;
using Npgsql;
using PijarSemar.LocalServers;

namespace PijarSemar.AppHost;

/// <summary>Runs the stack until Ctrl+C or a child's death, then stops it; failures print one clear message.</summary>
internal static class StackHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var log = new ConsoleLog();
        using var shutdown = new ShutdownSignal(log);
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(ServiceDefinition.BuildMetadata("AppHostDirectory"), "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(args)
                .Build();
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message} See --help.");
            return 2;
        }

        var stack = new Stack(log);
        try
        {
            await stack.StartAsync(configuration, shutdown.Token);
            return await stack.RunUntilStoppedAsync(shutdown.Token);
        }
        catch (Exception e) when (e is MissingBinariesException or ServerStartException or NpgsqlException)
        {
            log.Error(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await stack.StopAsync();
        }
    }
}
