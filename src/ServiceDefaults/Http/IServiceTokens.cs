namespace PijarSemar.ServiceDefaults.Http;

/// <summary>The token this service presents when it calls another on its own behalf (no caller to speak for).</summary>
public interface IServiceTokens
{
    /// <param name="audience">The audience of the service being called, e.g. <c>pijar-semar-registry</c>.</param>
    ValueTask<string> GetAsync(string audience, CancellationToken cancellationToken);
}
