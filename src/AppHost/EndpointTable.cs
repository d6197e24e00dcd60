using System.Text;

namespace PijarSemar.AppHost;

/// <summary>The one table printed once the stack is up: where everything listens, and how to call it.</summary>
internal static class EndpointTable
{
    public static string Render(IEnumerable<ServiceDefinition> services, BackingServers servers)
    {
        List<string[]> rows = [["service", "URL", "OpenAPI"]];
        rows.AddRange(services.Select(service => new[] { service.Name, service.Url, $"{service.Url}/openapi/v1.json" }));
        rows.Add(["postgres", servers.PostgresEndpoint, $"databases: {string.Join(", ", services.Select(service => service.Name))}"]);
        rows.Add(["rabbitmq", servers.RabbitMqEndpoint, string.Empty]);

        var widths = Enumerable.Range(0, 3).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var table = new StringBuilder().AppendLine();
        foreach (var row in rows)
        {
            table.AppendLine($"  {row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2]}".TrimEnd());
        }
        return table
            .AppendLine()
            .AppendLine("  Token:  TOKEN=$(dotnet run --project src/AppHost -- token --role operator)   (roles: see --help)")
            .AppendLine("  Call:   curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:5101/api/v1/workers")
            .AppendLine("  Ctrl+C stops everything.")
            .ToString();
    }
}
