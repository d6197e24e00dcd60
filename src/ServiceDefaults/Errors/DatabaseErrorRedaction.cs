using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// Every log entry of the process passes here: one carrying a PostgreSQL error loses the error's
/// detail, context and hint (from its message and its exception), whoever logs it: EF Core's
/// "failed executing" and "saving changes" entries, MassTransit's consumer faults, our own code.
/// </summary>
internal static class DatabaseErrorRedaction
{
    public static IServiceCollection AddDatabaseErrorRedaction(this IServiceCollection services)
    {
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));
        return services;
    }
}

internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public const string Redacted = "[database detail redacted]";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel) || DatabaseErrors.Find(exception) is not { } postgres)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var sensitive = DatabaseErrors.SensitiveTexts(postgres).ToArray();
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var redacted = new RedactedState(
            Redact(formatter(state, exception), sensitive),
            [.. fields.Select(field => new KeyValuePair<string, object?>(
                field.Key, field.Value is string or Exception ? Redact(field.Value.ToString()!, sensitive) : field.Value))]);
#pragma warning disable CA1873 // only reached when the level is enabled
        inner.Log(logLevel, eventId, redacted, DatabaseErrors.Redact(exception!), static (s, _) => s.Message);
#pragma warning restore CA1873
    }

    private static string Redact(string text, string[] sensitive)
    {
        foreach (var secret in sensitive)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The entry's fields with database texts replaced, so structured exporters see no more than the message.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> fields)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public int Count => fields.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
