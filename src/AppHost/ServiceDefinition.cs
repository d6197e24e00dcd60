using PijarSemar.LocalServers;

namespace PijarSemar.AppHost;

/// <summary>A service the AppHost runs: its fixed local port and where the build put it.</summary>
internal sealed record ServiceDefinition(ServiceBuild Build, int Port)
{
    private static readonly Dictionary<string, int> Ports = new() { ["registry"] = 5101, ["funding"] = 5102, ["billing"] = 5103, ["claims"] = 5104 };

    public static IReadOnlyList<ServiceDefinition> All { get; } =
        [.. ServiceBuild.All(typeof(ServiceDefinition).Assembly).Select(build => new ServiceDefinition(build, Ports[build.Name]))];

    public string Name => Build.Name;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>A value AppHost.csproj records at build time, such as its own folder.</summary>
    public static string BuildMetadata(string key) => ServiceBuild.Metadata(typeof(ServiceDefinition).Assembly, key);
}
