using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>A deactivation takes effect no earlier than the program's start and the worker's registration.</summary>
public sealed class EffectiveDateTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_deactivation_dated_before_the_registration_gets_400_naming_the_effective_date()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", LifecycleApi.SemarangToday.AddDays(-1), null));

        Assert.Equal(["effectiveDate"], await response.ErrorFieldsAsync());
        Assert.Equal("Verified", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task A_deactivation_dated_before_the_program_started_gets_400_even_for_a_worker_registered_earlier()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        await registry.ScalarAsync<int>("UPDATE workers SET registered_at = '2019-01-01T00:00:00Z' WHERE id = @id RETURNING 1", ("id", worker.Id));

        var before = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", new DateOnly(2020, 12, 31), null));
        var after = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", new DateOnly(2021, 1, 1), null));

        Assert.Equal(["effectiveDate"], await before.ErrorFieldsAsync());
        Assert.True(after.IsSuccessStatusCode, await after.Content.ReadAsStringAsync());
    }
}
