namespace PijarSemar.AppHost;

/// <summary>A child of the stack whose exit, unless the stack is stopping, is a failure to report.</summary>
internal sealed record WatchedProcess(string Name, Task<int> Exited, Func<IReadOnlyList<string>> RecentOutput);
