using System.Xml.Linq;
using PijarSemar.Deploy.Tests.Manifests;
using Xunit;

namespace PijarSemar.Deploy.Tests;

/// <summary>The one Dockerfile against the projects it builds and the Deployments that run its images.</summary>
public sealed class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Kustomize.DeployDirectory, "Dockerfile"));

    /// <summary>The image starts <c>PijarSemar.&lt;SERVICE&gt;.dll</c>; a project named otherwise would build an image that cannot start.</summary>
    [Fact]
    public void Every_service_assembly_is_named_as_the_image_starts_it()
    {
        Assert.Contains("SERVICE_ASSEMBLY=PijarSemar.${SERVICE}.dll", Dockerfile, StringComparison.Ordinal);
        var projects = Directory.GetDirectories(Path.Combine(Kustomize.Root, "src"), "*.Api");
        Assert.Equal(4, projects.Length);
        foreach (var project in projects)
        {
            var name = new DirectoryInfo(project).Name;
            var assemblyName = XDocument.Load(Path.Combine(project, $"{name}.csproj")).Descendants("AssemblyName").Single().Value;
            Assert.Equal($"PijarSemar.{name}", assemblyName);
        }
    }

    [Fact]
    public async Task The_image_user_and_port_are_the_ones_the_deployments_run_and_probe()
    {
        Assert.Contains("\nUSER 1654:1654\n", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", Dockerfile, StringComparison.Ordinal);

        var objects = await Kustomize.RenderAsync(Path.Combine(Kustomize.DeployDirectory, "k8s", "overlays", "production"));

        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            var pod = deployment.Node.At("spec", "template", "spec");
            Assert.Equal("1654", pod.Text("securityContext", "runAsUser"));
            var port = Assert.Single(pod.Items("containers").Single().Items("ports"));
            Assert.Equal(("http", "8080"), (port.Text("name"), port.Text("containerPort")));
        }
    }
}
