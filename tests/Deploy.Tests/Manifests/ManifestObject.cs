using YamlDotNet.RepresentationModel;

namespace PijarSemar.Deploy.Tests.Manifests;

/// <summary>One Kubernetes object of a rendered manifest, read through paths such as <c>("spec", "template")</c>.</summary>
public sealed record ManifestObject(YamlMappingNode Node)
{
    public string Kind => Node.Text("kind") ?? "";

    public string Name => Node.Text("metadata", "name") ?? "";

    public string Namespace => Node.Text("metadata", "namespace") ?? "";

    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>Every object of a multi-document YAML stream, such as a kustomize rendering; empty documents are skipped.</summary>
    public static IReadOnlyList<ManifestObject> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>().Select(node => new ManifestObject(node))];
    }
}

public static class YamlPaths
{
    /// <summary>The node at <paramref name="path"/> below <paramref name="node"/>, or null where a step is missing.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static bool IsTrue(this YamlNode? node, params string[] path) => node.Text(path) == "true";

    public static bool IsFalse(this YamlNode? node, params string[] path) => node.Text(path) == "false";

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A mapping of plain strings (labels, a selector's matchLabels); empty when missing.</summary>
    public static IReadOnlyDictionary<string, string> Pairs(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(entry => ((YamlScalarNode)entry.Key).Value ?? "", entry => (entry.Value as YamlScalarNode)?.Value ?? "")
            : new Dictionary<string, string>();
}
