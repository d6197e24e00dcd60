using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

/// <summary>Keeps every message logged, so a test can see what an operator would read.</summary>
internal sealed class CollectingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue(formatter(state, exception));
}
