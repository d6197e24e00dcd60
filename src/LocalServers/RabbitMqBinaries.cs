namespace PijarSemar.LocalServers;

/// <summary>
/// Where Debian's rabbitmq-server package puts the broker script (not /usr/sbin/rabbitmq-server,
/// which switches to the rabbitmq user and the system-wide node), and Erlang's epmd.
/// </summary>
internal sealed record RabbitMqBinaries(string Server, string Epmd)
{
    private const string Root = "/usr/lib/rabbitmq";
    private static readonly string[] EpmdPlaces = ["/usr/bin/epmd", "/usr/lib/erlang/bin/epmd"];

    public static RabbitMqBinaries Locate()
    {
        var server = ServerPlaces().FirstOrDefault(File.Exists)
            ?? throw MissingBinariesException.For("the RabbitMQ server (rabbitmq-server)", $"{Root}/bin");
        var epmd = EpmdPlaces.FirstOrDefault(File.Exists)
            ?? throw MissingBinariesException.For("Erlang's port mapper (epmd)", "/usr/bin");
        return new RabbitMqBinaries(server, epmd);
    }

    private static IEnumerable<string> ServerPlaces()
    {
        yield return Path.Combine(Root, "bin", "rabbitmq-server");
        var versions = Path.Combine(Root, "lib");
        if (Directory.Exists(versions))
        {
            foreach (var version in Directory.GetDirectories(versions, "rabbitmq_server-*").OrderDescending(StringComparer.Ordinal))
            {
                yield return Path.Combine(version, "sbin", "rabbitmq-server");
            }
        }
    }
}
