using Microsoft.AspNetCore.Authorization;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>The README's table of roles stays what the policies and the endpoints that name them say.</summary>
[Collection(SecurityServices.Collection)]
public sealed class RolesReadmeTests(SecurityServices stack)
{
    private const string Heading = "### Roles and what each may do";

    [Fact]
    public async Task The_readme_lists_for_each_role_exactly_the_policies_named_by_an_endpoint_that_admit_it()
    {
        var admitting = Roles.All.ToDictionary(role => role, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var service in stack.All)
        {
            var named = ApiRoutes.Of(service)
                .SelectMany(route => route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
                .Select(data => data.Policy)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal);
            foreach (var policy in named)
            {
                foreach (var role in await ApiRoutes.RolesOfPolicyAsync(policy, service))
                {
                    admitting[role].Add(policy);
                }
            }
        }

        var documented = DocumentedPolicies();

        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (role, policies) in admitting)
        {
            Assert.True(
                policies.SetEquals(documented[role]),
                $"README, {role}: lists {string.Join(", ", documented[role].Order(StringComparer.Ordinal))}; the endpoints' policies admitting it are {string.Join(", ", policies)}.");
        }
    }

    /// <summary>Each row of the README's roles table: the role, and the policies in its second column.</summary>
    private static Dictionary<string, string[]> DocumentedPolicies()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.IndexOf(lines, Heading);
        Assert.True(start >= 0, $"The README has no '{Heading}' section.");
        return lines.Skip(start + 1)
            .SkipWhile(line => !line.StartsWith("| `", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|'))
            .ToDictionary(
                cells => cells[1].Trim().Trim('`'),
                cells => cells[2].Split(',').Select(policy => policy.Trim().Trim('`')).ToArray());
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PijarSemar.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No PijarSemar.sln above {AppContext.BaseDirectory}.");
    }
}
