using YamlDotNet.RepresentationModel;

namespace PijarSemar.Deploy.Tests.Manifests;

/// <summary>
/// What every rendered environment must satisfy before it reaches a cluster. Each violation starts
/// with its rule's name (<c>probes:</c>, <c>resources:</c> …) and names the object it is about.
/// </summary>
public static class ManifestRules
{
    public const string Probes = "probes";
    public const string Resources = "resources";
    public const string Security = "security";
    public const string Image = "image";
    public const string References = "references";
    public const string Service = "service";
    public const string DisruptionBudget = "disruption-budget";
    public const string Autoscaler = "autoscaler";
    public const string NetworkPolicy = "network-policy";

    private static readonly string[] BackupCredentialKeys = ["accessKeyId", "secretAccessKey"];

    public static IReadOnlyList<string> Check(IReadOnlyList<ManifestObject> objects)
    {
        var violations = new List<string>();
        var provided = ProvidedConfiguration(objects);
        foreach (var deployment in objects.Where(o => o.Kind == "Deployment"))
        {
            var pod = deployment.Node.At("spec", "template", "spec");
            var podLabels = deployment.Node.Pairs("spec", "template", "metadata", "labels");
            var containers = pod.Items("containers").ToList();
            var allContainers = containers.Concat(pod.Items("initContainers")).ToList();

            foreach (var container in containers)
            {
                CheckProbes(deployment, container, violations);
            }

            foreach (var container in allContainers)
            {
                CheckResources(deployment, container, violations);
                CheckSecurity(deployment, pod, container, violations);
                CheckImage(deployment, container, violations);
            }

            CheckReferences(deployment, ReferencesOf(pod, allContainers), provided, violations);
            CheckCompanions(deployment, podLabels, objects, violations);
        }

        foreach (var cluster in objects.Where(o => o.Kind == "Cluster"))
        {
            CheckReferences(cluster, DatabaseClusterReferences(cluster), provided, violations);
        }

        CheckNetworkPolicies(objects, violations);
        return violations;
    }

    private static void CheckProbes(ManifestObject deployment, YamlNode container, List<string> violations)
    {
        foreach (var (probe, path) in new[] { ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
        {
            var actual = container.Text(probe, "httpGet", "path");
            if (actual != path)
            {
                violations.Add($"{Probes}: {deployment} container {container.Text("name")}: {probe} is {(actual is null ? "missing" : $"on {actual}")}, not an HTTP GET of {path}");
            }
            else if (container.Text(probe, "httpGet", "port") is null)
            {
                violations.Add($"{Probes}: {deployment} container {container.Text("name")}: {probe} names no port");
            }
        }
    }

    private static void CheckResources(ManifestObject deployment, YamlNode container, List<string> violations)
    {
        foreach (var level in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (string.IsNullOrWhiteSpace(container.Text("resources", level, resource)))
                {
                    violations.Add($"{Resources}: {deployment} container {container.Text("name")}: no {resource} in resources.{level}");
                }
            }
        }
    }

    private static void CheckSecurity(ManifestObject deployment, YamlNode? pod, YamlNode container, List<string> violations)
    {
        var name = container.Text("name");

        // A container's own setting wins over the pod's.
        var nonRoot = container.Text("securityContext", "runAsNonRoot") ?? pod.Text("securityContext", "runAsNonRoot");
        var user = container.Text("securityContext", "runAsUser") ?? pod.Text("securityContext", "runAsUser");
        if (nonRoot != "true")
        {
            violations.Add($"{Security}: {deployment} container {name}: runAsNonRoot is not true");
        }

        if (user == "0")
        {
            violations.Add($"{Security}: {deployment} container {name}: runs as user 0");
        }

        if (!container.IsTrue("securityContext", "readOnlyRootFilesystem"))
        {
            violations.Add($"{Security}: {deployment} container {name}: readOnlyRootFilesystem is not true");
        }

        if (!container.IsFalse("securityContext", "allowPrivilegeEscalation"))
        {
            violations.Add($"{Security}: {deployment} container {name}: allowPrivilegeEscalation is not false");
        }

        if (container.IsTrue("securityContext", "privileged"))
        {
            violations.Add($"{Security}: {deployment} container {name}: is privileged");
        }
    }

    private static void CheckImage(ManifestObject deployment, YamlNode container, List<string> violations)
    {
        var image = container.Text("image") ?? "";
        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return;
        }

        // A registry's port (host:5000/name) is before the last slash; a tag is after it.
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        var tag = colon < 0 ? "" : lastSegment[(colon + 1)..];
        if (tag.Length == 0 || tag == "latest")
        {
            violations.Add($"{Image}: {deployment} container {container.Text("name")}: image '{image}' has {(tag.Length == 0 ? "no tag" : "the tag latest")}");
        }
    }

    private static IEnumerable<(string Kind, string Name)> ReferencesOf(YamlNode? pod, IReadOnlyList<YamlNode> containers)
    {
        foreach (var container in containers)
        {
            foreach (var source in container.Items("envFrom"))
            {
                if (source.At("configMapRef") is { } configMap && !configMap.IsTrue("optional"))
                {
                    yield return ("ConfigMap", configMap.Text("name") ?? "");
                }

                if (source.At("secretRef") is { } secret && !secret.IsTrue("optional"))
                {
                    yield return ("Secret", secret.Text("name") ?? "");
                }
            }

            foreach (var variable in container.Items("env"))
            {
                if (variable.At("valueFrom", "configMapKeyRef") is { } configMap && !configMap.IsTrue("optional"))
                {
                    yield return ("ConfigMap", configMap.Text("name") ?? "");
                }

                if (variable.At("valueFrom", "secretKeyRef") is { } secret && !secret.IsTrue("optional"))
                {
                    yield return ("Secret", secret.Text("name") ?? "");
                }
            }
        }

        foreach (var volume in pod.Items("volumes"))
        {
            if (volume.At("secret") is { } secret && !secret.IsTrue("optional"))
            {
                yield return ("Secret", secret.Text("secretName") ?? "");
            }

            if (volume.At("configMap") is { } configMap && !configMap.IsTrue("optional"))
            {
                yield return ("ConfigMap", configMap.Text("name") ?? "");
            }

            foreach (var projected in volume.Items("projected", "sources"))
            {
                if (projected.At("secret") is { } projectedSecret && !projectedSecret.IsTrue("optional"))
                {
                    yield return ("Secret", projectedSecret.Text("name") ?? "");
                }

                if (projected.At("configMap") is { } projectedConfigMap && !projectedConfigMap.IsTrue("optional"))
                {
                    yield return ("ConfigMap", projectedConfigMap.Text("name") ?? "");
                }
            }
        }

        foreach (var pullSecret in pod.Items("imagePullSecrets"))
        {
            yield return ("Secret", pullSecret.Text("name") ?? "");
        }
    }

    /// <summary>The Secrets a CloudNativePG Cluster reads: its bootstrap owner, its managed roles and its backup store.</summary>
    private static IEnumerable<(string Kind, string Name)> DatabaseClusterReferences(ManifestObject cluster)
    {
        var spec = cluster.Node.At("spec");
        var names = new[] { spec.Text("bootstrap", "initdb", "secret", "name") }
            .Concat(spec.Items("managed", "roles").Select(role => role.Text("passwordSecret", "name")))
            .Concat(BackupCredentialKeys.Select(key => spec.Text("backup", "barmanObjectStore", "s3Credentials", key, "name")));
        return names.OfType<string>().Select(name => ("Secret", name));
    }

    private static void CheckReferences(
        ManifestObject owner, IEnumerable<(string Kind, string Name)> references, ISet<string> provided, List<string> violations)
    {
        foreach (var (kind, name) in references.Distinct())
        {
            if (!provided.Contains(Key(kind, owner.Namespace, name)))
            {
                violations.Add($"{References}: {owner} reads {kind} '{name}', which nothing in the manifests creates");
            }
        }
    }

    /// <summary>
    /// The Secrets and ConfigMaps that will exist: those written out, those an ExternalSecret
    /// creates, and those the operators generate for the clusters they run.
    /// </summary>
    private static HashSet<string> ProvidedConfiguration(IReadOnlyList<ManifestObject> objects)
    {
        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            switch (o.Kind)
            {
                case "Secret" or "ConfigMap":
                    provided.Add(Key(o.Kind, o.Namespace, o.Name));
                    break;
                case "ExternalSecret":
                    provided.Add(Key("Secret", o.Namespace, o.Node.Text("spec", "target", "name") ?? o.Name));
                    break;
                case "RabbitmqCluster":
                    provided.Add(Key("Secret", o.Namespace, $"{o.Name}-default-user"));
                    break;
                case "Cluster" when (o.Node.Text("apiVersion") ?? "").StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal):
                    provided.Add(Key("Secret", o.Namespace, $"{o.Name}-ca"));
                    break;
            }
        }

        return provided;
    }

    private static string Key(string kind, string @namespace, string name) => $"{kind}|{@namespace}|{name}";

    /// <summary>A Service to reach it, a PodDisruptionBudget to keep it through a node drain, an autoscaler to size it.</summary>
    private static void CheckCompanions(
        ManifestObject deployment, IReadOnlyDictionary<string, string> podLabels, IReadOnlyList<ManifestObject> objects, List<string> violations)
    {
        var sameNamespace = objects.Where(o => o.Namespace == deployment.Namespace).ToList();
        if (!sameNamespace.Any(o => o.Kind == "Service" && Selects(o.Node.Pairs("spec", "selector"), podLabels)))
        {
            violations.Add($"{Service}: no Service selects the pods of {deployment}");
        }

        if (!sameNamespace.Any(o => o.Kind == "PodDisruptionBudget" && Selects(o.Node.Pairs("spec", "selector", "matchLabels"), podLabels)))
        {
            violations.Add($"{DisruptionBudget}: no PodDisruptionBudget selects the pods of {deployment}");
        }

        if (!sameNamespace.Any(o => o.Kind == "HorizontalPodAutoscaler"
            && o.Node.Text("spec", "scaleTargetRef", "kind") == "Deployment"
            && o.Node.Text("spec", "scaleTargetRef", "name") == deployment.Name))
        {
            violations.Add($"{Autoscaler}: no HorizontalPodAutoscaler scales {deployment}");
        }
    }

    /// <summary>
    /// A default deny of ingress for the whole namespace, and for each Deployment a policy of its
    /// own that says who may reach it: without the first, a workload without a policy is open to all.
    /// </summary>
    private static void CheckNetworkPolicies(IReadOnlyList<ManifestObject> objects, List<string> violations)
    {
        var policies = objects.Where(o => o.Kind == "NetworkPolicy").ToList();
        foreach (var @namespace in objects.Where(o => o.Kind == "Deployment").Select(o => o.Namespace).Distinct())
        {
            var inNamespace = policies.Where(p => p.Namespace == @namespace).ToList();
            if (!inNamespace.Any(IsDefaultDenyOfIngress))
            {
                violations.Add($"{NetworkPolicy}: namespace '{@namespace}' has no NetworkPolicy that denies ingress to every pod by default");
            }

            foreach (var deployment in objects.Where(o => o.Kind == "Deployment" && o.Namespace == @namespace))
            {
                var podLabels = deployment.Node.Pairs("spec", "template", "metadata", "labels");
                if (!inNamespace.Any(p => p.Node.Items("spec", "ingress").Any() && Selects(p.Node.Pairs("spec", "podSelector", "matchLabels"), podLabels)))
                {
                    violations.Add($"{NetworkPolicy}: no NetworkPolicy says who may reach the pods of {deployment}");
                }
            }
        }
    }

    private static bool IsDefaultDenyOfIngress(ManifestObject policy) =>
        policy.Node.At("spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
        && policy.Node.Items("spec", "policyTypes").OfType<YamlScalarNode>().Any(type => type.Value == "Ingress")
        && !policy.Node.Items("spec", "ingress").Any();

    /// <summary>A selector selects the pods when it is not empty and each of its labels is theirs.</summary>
    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels) =>
        selector.Count > 0 && selector.All(pair => podLabels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
