using PijarSemar.ServiceDefaults.Http;
using Xunit;

namespace PijarSemar.TestSupport;

/// <summary>The headers every answer of every service carries for browsers (<see cref="SecurityHeaders"/>).</summary>
public static class BrowserHeaders
{
    public static void AssertPresent(HttpResponseMessage answer)
    {
        var status = (int)answer.StatusCode;
        Assert.True(Header(answer, "X-Content-Type-Options") == "nosniff", $"{status}: X-Content-Type-Options");
        Assert.True(Header(answer, "X-Frame-Options") == "DENY", $"{status}: X-Frame-Options");
        Assert.True(Header(answer, "Referrer-Policy") == "no-referrer", $"{status}: Referrer-Policy");
        Assert.True(Header(answer, "Content-Security-Policy") == SecurityHeaders.ContentSecurityPolicy, $"{status}: Content-Security-Policy");
        Assert.False(answer.Headers.Contains("Server"), $"{status}: Kestrel named itself in a Server header.");
    }

    private static string? Header(HttpResponseMessage answer, string name) =>
        answer.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
