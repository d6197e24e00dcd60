namespace PijarSemar.LocalServers;

/// <summary>
/// initdb and postgres refuse to run as root, so as root they run as the postgres user. setpriv
/// rather than runuser: runuser forks and kills its child 2 s after forwarding a signal, which
/// would cut a clean shutdown short; setpriv execs, so the process we start is the server itself.
/// </summary>
internal static class PostgresUser
{
    public const string Name = "postgres";

    public static (string FileName, IReadOnlyList<string> Arguments) Command(string program, IEnumerable<string> arguments) =>
        Posix.IsRoot
            ? ("setpriv", [$"--reuid={Name}", $"--regid={Name}", "--init-groups", "--", program, .. arguments])
            : (program, [.. arguments]);
}
