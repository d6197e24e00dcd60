namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>The thing asked for does not exist: 404.</summary>
public sealed class NotFoundException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>The request clashes with the current state (duplicate, illegal transition): 409.</summary>
public sealed class ConflictException(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>Well-formed, but a business rule forbids it now: 422, with what the caller needs to put it right in <see cref="Extensions"/>.</summary>
public sealed class BusinessRuleException(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>Input that fails validation, field by field: 400.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The service cannot decide now because another one it depends on does not answer: 503 with
/// <c>Retry-After</c>, and nothing was written.
/// </summary>
public sealed class ServiceUnavailableException(string title, string detail, TimeSpan? retryAfter = null) : Exception(detail)
{
    public string Title { get; } = title;
    public TimeSpan RetryAfter { get; } = retryAfter ?? TimeSpan.FromSeconds(30);
}
