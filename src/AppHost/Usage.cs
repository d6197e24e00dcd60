using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.AppHost;

internal static class Usage
{
    private const int UsageError = 2;

    private static readonly string Text = $"""
        Pijar Semar AppHost: runs the whole stack on this machine.

        Usage:
          dotnet run --project src/AppHost                     start PostgreSQL, RabbitMQ and the four services;
                                                               Ctrl+C stops everything
          dotnet run --project src/AppHost -- token --role <role> [--role <role> ...] [--subject <name>]
                                                               print a development token the running stack accepts
          dotnet run --project src/AppHost -- move-errors <queue> [--broker amqp://user:password@host:port/]
                                                               move the messages of <queue>_error back to <queue>
                                                               (see src/ServiceDefaults/Messaging/README.md)
          dotnet run --project src/AppHost -- --help           show this help

        Roles: {string.Join(", ", Roles.All)}.

        Local servers keep their data in .pijar/ at the repository root (PostgreSQL on port 5433,
        RabbitMQ on port 5673); stop the AppHost and delete the folder for a fresh start. To use
        servers of your own, set them in the environment, on the command line or in
        src/AppHost/appsettings.json:
          ConnectionStrings__postgres="Host=...;Port=...;Username=...;Password=..."
          ConnectionStrings__rabbitmq="amqp://user:password@host:5672/"
        """;

    public static int Print()
    {
        Console.WriteLine(Text);
        return 0;
    }

    public static int UnknownCommand(string command)
    {
        Console.Error.WriteLine($"Unknown command '{command}'. See --help.");
        return UsageError;
    }
}
