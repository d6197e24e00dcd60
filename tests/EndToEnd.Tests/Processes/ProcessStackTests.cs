using System.Net;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Processes;

public sealed class ProcessStackTests
{
    [Fact]
    public async Task A_service_killed_with_SIGKILL_stops_answering_and_answers_again_on_the_same_port_once_restarted()
    {
        await using var stack = await ProcessStack.StartAsync();
        var billing = stack.Billing;
        using var client = billing.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        await billing.KillAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("/health/live", UriKind.Relative)));

        await billing.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.All(stack.All, service => Assert.NotEmpty(service.Output));
    }
}
