using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

public sealed class FilingSettingsTests
{
    [Theory]
    [InlineData("Claims:JkkClaimWindowYears", "0", "Claims: JkkClaimWindowYears")]
    [InlineData("Claims:CoverageRecheck:RetryDelay", "-00:00:01", "Claims:CoverageRecheck: RetryDelay")]
    public void Nonsensical_filing_settings_stop_the_start_with_the_reason(string setting, string value, string reason)
    {
        using var factory = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:claims"] = "Host=127.0.0.1;Port=9;Database=none",
            ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:9/",
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["services:billing:http:0"] = "http://billing/",
            ["services:registry:http:0"] = "http://registry/",
            [setting] = value,
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }
}
