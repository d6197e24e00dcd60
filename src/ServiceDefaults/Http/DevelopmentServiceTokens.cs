using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.ServiceDefaults.Http;

/// <summary>
/// In Development and Testing, where there is no identity provider, the service signs its own
/// token with the development key: subject <c>service:{name}</c>, the roles in <c>Auth:Client:Role</c>.
/// </summary>
internal sealed class DevelopmentServiceTokens(string signingKey, string serviceName, IReadOnlyList<string> roles) : IServiceTokens
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ValueTask<string> GetAsync(string audience, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DevelopmentTokens.Create(signingKey, $"service:{serviceName}", roles, [audience], Lifetime));
}
