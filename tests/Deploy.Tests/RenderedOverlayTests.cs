using System.Globalization;
using System.Text.RegularExpressions;
using PijarSemar.Deploy.Tests.Manifests;
using PijarSemar.ServiceDefaults.Data;
using Xunit;

namespace PijarSemar.Deploy.Tests;

/// <summary>Each overlay as an operator applies it: rendered by kubectl, then held to the rules and to what the code reads.</summary>
public sealed partial class RenderedOverlayTests
{
    private static readonly string[] OverlayNames =
        [.. Directory.GetDirectories(Path.Combine(Kustomize.DeployDirectory, "k8s", "overlays")).Select(directory => new DirectoryInfo(directory).Name)];

    public static TheoryData<string> Overlays => new(OverlayNames);

    /// <summary>The four services by their Deployment names: <c>src/Registry.Api</c> is <c>registry</c>.</summary>
    private static IReadOnlyList<string> ServiceNames { get; } =
        [.. Directory.GetDirectories(Path.Combine(Kustomize.Root, "src"), "*.Api").Select(d => new DirectoryInfo(d).Name[..^".Api".Length].ToLowerInvariant()).Order()];

    [Fact]
    public void There_is_a_staging_and_a_production_overlay() =>
        Assert.Equal(["production", "staging"], OverlayNames.Order());

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_and_meets_every_rule(string overlay)
    {
        var objects = await RenderAsync(overlay);

        Assert.Empty(ManifestRules.Check(objects));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_service_has_a_deployment_of_its_own_image_reading_its_database_and_the_broker(string overlay)
    {
        var objects = await RenderAsync(overlay);

        Assert.Equal(4, ServiceNames.Count);
        foreach (var service in ServiceNames)
        {
            var container = Assert.Single(Deployment(objects, service).Node.Items("spec", "template", "spec", "containers"));
            Assert.StartsWith($"pijar-semar/{service}:", container.Text("image"), StringComparison.Ordinal);
            var variables = EnvironmentOf(container);
            Assert.StartsWith("Host=pijar-postgres-rw;", variables[$"ConnectionStrings__{service}"], StringComparison.Ordinal);
            Assert.Contains($"Database={service};", variables[$"ConnectionStrings__{service}"], StringComparison.Ordinal);
            Assert.StartsWith("amqp://", variables["ConnectionStrings__rabbitmq"], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A service that calls another (<c>AddServiceClient&lt;…&gt;("billing")</c> in its code) needs
    /// the other's address, which must be a Service of the rendering, and a login of its own.
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_service_that_calls_another_gets_its_address_and_a_client_login(string overlay)
    {
        var objects = await RenderAsync(overlay);
        var config = SharedConfig(objects);
        var services = objects.Where(o => o.Kind == "Service").Select(o => o.Name).ToHashSet();

        foreach (var service in ServiceNames)
        {
            var called = CalledServices(service);
            var variables = EnvironmentOf(Deployment(objects, service).Node.Items("spec", "template", "spec", "containers").Single());
            foreach (var other in called)
            {
                var address = new Uri(config[$"services__{other}__http__0"]);
                Assert.Contains(address.Host, services);
            }

            if (called.Count > 0)
            {
                Assert.Contains("Auth__Client__Id", variables.Keys);
                Assert.Contains("Auth__Client__Secret", variables.Keys);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_runs_three_postgres_instances_with_backups_and_terse_error_logs_and_three_rabbitmq_nodes_with_quorum_queues(string overlay)
    {
        var objects = await RenderAsync(overlay);

        var postgres = Assert.Single(objects, o => o.Kind == "Cluster");
        Assert.Equal("3", postgres.Node.Text("spec", "instances"));
        Assert.Equal("terse", postgres.Node.Text("spec", "postgresql", "parameters", "log_error_verbosity"));
        Assert.StartsWith("s3://", postgres.Node.Text("spec", "backup", "barmanObjectStore", "destinationPath"), StringComparison.Ordinal);
        var backup = Assert.Single(objects, o => o.Kind == "ScheduledBackup");
        Assert.Equal(postgres.Name, backup.Node.Text("spec", "cluster", "name"));
        Assert.Equal(["billing", "claims", "funding"], objects.Where(o => o.Kind == "Database").Select(o => o.Node.Text("spec", "name")).Order());

        var rabbitMq = Assert.Single(objects, o => o.Kind == "RabbitmqCluster");
        Assert.Equal("3", rabbitMq.Node.Text("spec", "replicas"));
        Assert.Equal("true", SharedConfig(objects)["Messaging__QuorumQueues"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_service_at_its_autoscalers_maximum_opens_fewer_connections_than_postgres_accepts(string overlay)
    {
        var objects = await RenderAsync(overlay);

        var poolSize = SharedConfig(objects).TryGetValue("Database__MaxPoolSize", out var size)
            ? int.Parse(size, CultureInfo.InvariantCulture)
            : ConnectionPoolLimit.DefaultMaxPoolSize;
        var connections = objects.Where(o => o.Kind == "HorizontalPodAutoscaler")
            .Sum(hpa => int.Parse(hpa.Node.Text("spec", "maxReplicas")!, CultureInfo.InvariantCulture) * poolSize);
        var postgres = Assert.Single(objects, o => o.Kind == "Cluster");
        var accepted = int.Parse(postgres.Node.Text("spec", "postgresql", "parameters", "max_connections")!, CultureInfo.InvariantCulture);
        Assert.Equal(4, objects.Count(o => o.Kind == "HorizontalPodAutoscaler"));
        Assert.True(connections < accepted, $"{overlay}: {connections} pooled connections at most, PostgreSQL accepts {accepted}");
    }

    [Fact]
    public async Task Production_runs_as_production_with_three_replicas_at_least_and_no_development_key()
    {
        var objects = await RenderAsync("production");

        var config = SharedConfig(objects);
        Assert.Equal("Production", config["ASPNETCORE_ENVIRONMENT"]);
        Assert.StartsWith("https://", config["Auth__Authority"], StringComparison.Ordinal);
        Assert.All(objects.Where(o => o.Kind == "HorizontalPodAutoscaler"), hpa => Assert.True(int.Parse(hpa.Node.Text("spec", "minReplicas")!, CultureInfo.InvariantCulture) >= 3, $"{hpa}"));
        Assert.Equal("pijar-semar", Assert.Single(objects, o => o.Kind == "Namespace").Name);
        Assert.All(objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal("pijar-semar", o.Namespace));
        Assert.DoesNotContain(objects, o => o.Node.ToString().Contains("SigningKey", StringComparison.Ordinal));
    }

    private static Task<IReadOnlyList<ManifestObject>> RenderAsync(string overlay) =>
        Kustomize.RenderAsync(Path.Combine(Kustomize.DeployDirectory, "k8s", "overlays", overlay));

    private static ManifestObject Deployment(IReadOnlyList<ManifestObject> objects, string name) =>
        Assert.Single(objects, o => o.Kind == "Deployment" && o.Name == name);

    /// <summary>The ConfigMap every API reads (kustomize appends a hash to its name).</summary>
    private static IReadOnlyDictionary<string, string> SharedConfig(IReadOnlyList<ManifestObject> objects) =>
        Assert.Single(objects, o => o.Kind == "ConfigMap" && o.Name.StartsWith("pijar-semar-config-", StringComparison.Ordinal)).Node.Pairs("data");

    private static Dictionary<string, string> EnvironmentOf(YamlDotNet.RepresentationModel.YamlNode container) =>
        container.Items("env").ToDictionary(variable => variable.Text("name")!, variable => variable.Text("value") ?? "(from a reference)");

    private static List<string> CalledServices(string service)
    {
        var source = Directory.GetFiles(Path.Combine(Kustomize.Root, "src", $"{char.ToUpperInvariant(service[0])}{service[1..]}.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);
        return [.. source.SelectMany(text => ServiceClientCall().Matches(text).Select(match => match.Groups[1].Value)).Distinct()];
    }

    [GeneratedRegex("""AddServiceClient<[^>]+>\("(\w+)"\)""")]
    private static partial Regex ServiceClientCall();
}
