using System.Net;
using System.Net.Http.Headers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>
/// Each service as it is built refuses every kind of bad token once, on a read an auditor may
/// make (the same call with a good token answers 200). Each kind is proven for the shared
/// authentication in ServiceDefaults.Tests; this proves every service uses it, with its own audience.
/// </summary>
[Collection(SecurityServices.Collection)]
public sealed class TokenValidationTests(SecurityServices stack)
{
    [Fact]
    public async Task Every_service_answers_its_auditor_read_with_a_good_token() =>
        await EveryServiceAnswersAsync(HttpStatusCode.OK, TestTokens.For("auditor", Roles.Auditor));

    [Fact]
    public async Task Every_service_refuses_an_expired_token() =>
        await EveryServiceAnswersAsync(HttpStatusCode.Unauthorized, ForgedTokens.Expired(Roles.Auditor));

    [Fact]
    public async Task Every_service_refuses_a_token_that_is_not_valid_yet() =>
        await EveryServiceAnswersAsync(HttpStatusCode.Unauthorized, ForgedTokens.NotYetValid(Roles.Auditor));

    [Fact]
    public async Task Every_service_refuses_a_token_signed_with_another_key() =>
        await EveryServiceAnswersAsync(HttpStatusCode.Unauthorized, ForgedTokens.SignedWithAnotherKey(Roles.Auditor));

    [Fact]
    public async Task Every_service_refuses_an_unsigned_token_that_says_alg_none() =>
        await EveryServiceAnswersAsync(HttpStatusCode.Unauthorized, ForgedTokens.WithAlgNone(Roles.Auditor));

    [Fact]
    public async Task Every_service_refuses_a_token_for_each_other_services_audience_and_takes_one_for_its_own()
    {
        foreach (var service in stack.All)
        {
            foreach (var audience in TestTokens.Services)
            {
                var expected = audience == service.Name ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
                var answer = await GetAsync(service, TestTokens.ForService(audience, "auditor", Roles.Auditor));
                Assert.True(expected == answer, $"{service.Name} answered a token for {audience} with {(int)answer}, expected {(int)expected}.");
            }
        }
    }

    private async Task EveryServiceAnswersAsync(HttpStatusCode expected, string token)
    {
        Assert.Equal(TestTokens.Services.Order(StringComparer.Ordinal), stack.All.Select(service => service.Name).Order(StringComparer.Ordinal));
        foreach (var service in stack.All)
        {
            var answer = await GetAsync(service, token);
            Assert.True(expected == answer, $"{service.Name} answered {(int)answer}, expected {(int)expected}.");
        }
    }

    private static async Task<HttpStatusCode> GetAsync(HostedService service, string token)
    {
        using var client = service.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(service.AuditorList.Path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
