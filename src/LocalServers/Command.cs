using System.Diagnostics;

namespace PijarSemar.LocalServers;

internal sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a short-lived helper program (initdb, chown, epmd) to its end.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Not a tree kill: that stops each process before killing it, and an interrupted one
            // leaves stopped processes behind. initdb's own children end when its pipes close.
            process.Kill();
            throw;
        }
        return new CommandResult(process.ExitCode, (await output + await errors).Trim());
    }
}
