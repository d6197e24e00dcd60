using System.Reflection;

namespace PijarSemar.AppHost;

/// <summary>A service the AppHost runs: its fixed local port and where the build put it.</summary>
internal sealed record ServiceDefinition(string Name, int Port, string ProjectDirectory, string AssemblyPath)
{
    public static IReadOnlyList<ServiceDefinition> All { get; } =
        [FromBuild("registry", 5101), FromBuild("funding", 5102), FromBuild("billing", 5103), FromBuild("claims", 5104)];

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A value AppHost.csproj records at build time, such as where a service's dll is.</summary>
    public static string BuildMetadata(string key) =>
        typeof(ServiceDefinition).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"AppHost.csproj does not record {key}.");

    private static ServiceDefinition FromBuild(string name, int port) =>
        new(name, port, BuildMetadata($"Service:{name}:ProjectDirectory"), BuildMetadata($"Service:{name}:Assembly"));
}
