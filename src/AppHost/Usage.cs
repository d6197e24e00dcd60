namespace PijarSemar.AppHost;

internal static class Usage
{
    public const string Text = """
        Pijar Semar AppHost: runs the whole stack on this machine.

        Usage:
          dotnet run --project src/AppHost                     start PostgreSQL, RabbitMQ and the four services;
                                                               Ctrl+C stops everything
          dotnet run --project src/AppHost -- token --role <role> [--role <role> ...] [--subject <name>]
                                                               print a development token the running stack accepts
          dotnet run --project src/AppHost -- --help           show this help

        Roles: operator, finance, claims-officer, bpjs-integration, sponsor, auditor.

        Local servers keep their data in .pijar/ at the repository root (PostgreSQL on port 5433,
        RabbitMQ on port 5673); delete the folder for a fresh start. To use servers of your own,
        set them (environment, command line or src/AppHost/appsettings.json):
          ConnectionStrings__postgres="Host=...;Port=...;Username=...;Password=..."
          ConnectionStrings__rabbitmq="amqp://user:password@host:5672/"
        """;

    public static int Print()
    {
        Console.WriteLine(Text);
        return 0;
    }
}
