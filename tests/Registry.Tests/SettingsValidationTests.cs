using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

/// <summary>Settings that make no sense stop the start, saying which, instead of misbehaving at the first request.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Registry:Registration:MinimumAge", "70", "Registry:Registration: MinimumAge (70) must not be above MaximumAge (65).")]
    [InlineData("Registry:Registration:TimeZone", "Asia/Semarang", "Registry:Registration: TimeZone \"Asia/Semarang\" is not a time zone known to this machine.")]
    [InlineData("Registry:Imports:PollInterval", "-00:00:05", "Registry:Imports: PollInterval must be more than zero and at most a day, not -00:00:05.")]
    [InlineData("Registry:Imports:MaxAttempts", "0", "Registry:Imports: MaxAttempts must be at least 1, not 0.")]
    public void A_nonsensical_setting_stops_the_start_with_the_reason(string key, string value, string reason)
    {
        using var registry = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            // Never reached: the settings are checked before anything connects.
            ["ConnectionStrings:registry"] = "Host=127.0.0.1;Port=1;Database=registry",
            ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            [key] = value,
        });

        var error = Assert.ThrowsAny<Exception>(() => registry.CreateClient());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
