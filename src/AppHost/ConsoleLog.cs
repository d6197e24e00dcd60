namespace PijarSemar.AppHost;

/// <summary>
/// Every process's output on one console, each line prefixed with the name of its source,
/// padded and coloured so the sources can be told apart (plain text when output is redirected).
/// </summary>
internal sealed class ConsoleLog
{
    private const int NameWidth = 8;
    private const string Reset = "\e[0m";
    private const string Red = "\e[1;31m";
    private const string Bold = "\e[1m";
    private static readonly string[] Palette = ["\e[36m", "\e[35m", "\e[33m", "\e[32m", "\e[34m", "\e[96m", "\e[95m"];

    private readonly Lock writing = new();
    private readonly bool coloured = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int nextColour;

    public Action<string> For(string source)
    {
        var colour = Palette[Interlocked.Increment(ref nextColour) % Palette.Length];
        return line => Write(source, colour, line, lineColour: null);
    }

    public void Info(string message) => Write("apphost", Bold, message, lineColour: null);

    public void Error(string message)
    {
        foreach (var line in message.Split('\n'))
        {
            Write("apphost", Red, line.TrimEnd('\r'), lineColour: Red);
        }
    }

    /// <summary>Text printed as it is, such as the table of endpoints.</summary>
    public void Block(string text)
    {
        lock (writing)
        {
            Console.Out.WriteLine(text);
        }
    }

    private void Write(string source, string colour, string line, string? lineColour)
    {
        var prefix = source.PadRight(NameWidth);
        lock (writing)
        {
            if (!coloured)
            {
                Console.Out.WriteLine($"{prefix} | {line}");
            }
            else if (lineColour is null)
            {
                Console.Out.WriteLine($"{colour}{prefix} |{Reset} {line}");
            }
            else
            {
                Console.Out.WriteLine($"{colour}{prefix} | {line}{Reset}");
            }
        }
    }
}
