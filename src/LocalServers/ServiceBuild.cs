using System.Reflection;

namespace PijarSemar.LocalServers;

/// <summary>
/// Where the build put one service: its project folder (the content root it runs in) and its dll.
/// A project that imports <c>ServiceBuilds.targets</c> records both in its own assembly at build time.
/// </summary>
public sealed record ServiceBuild(string Name, string ProjectDirectory, string AssemblyPath)
{
    /// <summary>The names of the services <c>ServiceBuilds.targets</c> records.</summary>
    public static IReadOnlyList<string> Names { get; } = ["registry", "funding", "billing", "claims"];

    /// <summary>Every service as recorded in <paramref name="recordedIn"/>, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<ServiceBuild> All(Assembly recordedIn) => [.. Names.Select(name => Of(recordedIn, name))];

    public static ServiceBuild Of(Assembly recordedIn, string name) =>
        new(name, Metadata(recordedIn, $"Service:{name}:ProjectDirectory"), Metadata(recordedIn, $"Service:{name}:Assembly"));

    /// <summary>A value the project of <paramref name="recordedIn"/> records at build time, such as where a service's dll is.</summary>
    public static string Metadata(Assembly recordedIn, string key)
    {
        ArgumentNullException.ThrowIfNull(recordedIn);
        return recordedIn.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value
            ?? throw new InvalidOperationException($"{recordedIn.GetName().Name} does not record {key}; its project must import ServiceBuilds.targets.");
    }
}
