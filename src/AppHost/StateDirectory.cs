namespace PijarSemar.AppHost;

/// <summary><c>.pijar/</c> at the repository root: what the AppHost keeps between runs.</summary>
internal sealed class StateDirectory
{
    private const string SolutionFile = "PijarSemar.sln";

    private StateDirectory(string path) => Path = path;

    public string Path { get; }

    public string Postgres => System.IO.Path.Combine(Path, "postgres");

    public string RabbitMq => System.IO.Path.Combine(Path, "rabbitmq");

    private string SigningKeyFile => System.IO.Path.Combine(Path, "dev-signing-key");

    public static StateDirectory Locate()
    {
        var root = RepositoryRootAbove(Environment.CurrentDirectory) ?? RepositoryRootAbove(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No {SolutionFile} found above {Environment.CurrentDirectory}; run the AppHost from the repository.");
        return new StateDirectory(Directory.CreateDirectory(System.IO.Path.Combine(root, ".pijar")).FullName);
    }

    /// <summary>The key development tokens are signed with, created on first use and readable by its owner only.</summary>
    public string SigningKey()
    {
        if (!File.Exists(SigningKeyFile))
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var file = new FileStream(SigningKeyFile, options);
                using var writer = new StreamWriter(file);
                writer.WriteLine(ServiceDefaults.Authentication.DevelopmentTokens.NewSigningKey());
            }
            catch (IOException) when (File.Exists(SigningKeyFile))
            {
                // Another AppHost command created it first; use theirs.
            }
        }
        return File.ReadAllText(SigningKeyFile).Trim();
    }

    private static string? RepositoryRootAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
