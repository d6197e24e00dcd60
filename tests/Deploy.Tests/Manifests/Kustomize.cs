using System.Diagnostics;

namespace PijarSemar.Deploy.Tests.Manifests;

/// <summary>Renders a kustomization the way an operator applies it, with kubectl's built-in kustomize (offline).</summary>
public static class Kustomize
{
    public static readonly string Root = FindRepositoryRoot();

    public static string DeployDirectory => Path.Combine(Root, "deploy");

    public static async Task<IReadOnlyList<ManifestObject>> RenderAsync(string kustomizationDirectory)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            ArgumentList = { "kustomize", kustomizationDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Rendering {kustomizationDirectory} failed ({process.ExitCode}): {await errors}");
        }

        return ManifestObject.ParseAll(await output);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PijarSemar.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PijarSemar.sln above {AppContext.BaseDirectory}.");
    }
}
