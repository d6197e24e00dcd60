namespace PijarSemar.LocalServers;

/// <summary>The last lines a process wrote, kept so a failure can show what led to it.</summary>
internal sealed class RecentLines(int capacity)
{
    private readonly Queue<string> lines = new();

    public void Add(string line)
    {
        lock (lines)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }
            lines.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
