namespace PijarSemar.LocalServers;

/// <summary>
/// What a service process is told through its environment: where it listens, its database, the
/// broker, the key its tokens are signed with, and where the other services are.
/// </summary>
public sealed record ServiceSettings(string Name, Uri BaseAddress, string Database, string RabbitMq, string SigningKey, string Audience)
{
    /// <summary>The ASP.NET Core environment; only Development and Testing accept a locally made signing key.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>The services it may call, by name (itself included, as service discovery lists every one).</summary>
    public IReadOnlyDictionary<string, Uri> Services { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Further configuration by its key (<c>Outbox:PollInterval</c>), on top of the rest.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = BaseAddress.GetLeftPart(UriPartial.Authority),
            ["ASPNETCORE_ENVIRONMENT"] = EnvironmentName,
            [$"ConnectionStrings__{Name}"] = Database,
            ["ConnectionStrings__rabbitmq"] = RabbitMq,
            ["Auth__SigningKey"] = SigningKey,
            ["Auth__Audience"] = Audience,
        };
        foreach (var (name, address) in Services)
        {
            environment[$"services__{name}__http__0"] = address.GetLeftPart(UriPartial.Authority);
        }
        foreach (var (key, value) in Configuration)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return environment;
    }
}
