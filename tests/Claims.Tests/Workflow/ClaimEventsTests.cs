using System.Net.Http.Json;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>A JKM claim approved by BPJS Ketenagakerjaan confirms the worker's death to the other services; nothing else does.</summary>
public sealed class ClaimEventsTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly SeededClaims _seeded = new(claims);
    private readonly HttpClient _bpjs = claims.ClientAs(Roles.BpjsIntegration);

    [Fact]
    public async Task Approving_a_jkm_claim_writes_WorkerDeathConfirmed_with_the_claim_and_it_reaches_the_broker()
    {
        await using var events = await ClaimEvents.ListenAsync(claims.Factory.Services);
        var worker = Guid.NewGuid();
        var id = await _seeded.AtAsync(ClaimStatus.SentToBpjs, ClaimType.Jkm, worker);

        await SeededClaims.DetailsAsync(await _bpjs.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "Approved", amount = 42_000_000 }));

        Assert.Equal(
            $"{worker},2026-11-20",
            await claims.ScalarAsync<string>(
                """
                SELECT string_agg(concat_ws(',', payload->>'workerId', payload->>'dateOfDeath'), ';')
                FROM outbox_messages WHERE message_type = 'PijarSemar.Contracts.Events.WorkerDeathConfirmed' AND payload->>'claimId' = @id
                """,
                ("id", id.ToString())));

        // Verified, SentToBpjs, Approved, and the death.
        var arrived = await events.ForClaimAsync(id, 4);
        Assert.Equal(new WorkerDeathConfirmed(worker, new DateOnly(2026, 11, 20), id), Assert.Single(arrived.OfType<WorkerDeathConfirmed>()));
        var approved = Assert.Single(arrived.OfType<ClaimStatusChanged>(), e => e.To == ClaimStatus.Approved);
        Assert.Equal((ClaimStatus.SentToBpjs, 42_000_000L, 4L, ClaimType.Jkm, worker), (approved.From, approved.Amount!.Value, approved.Version, approved.Type, approved.WorkerId));
        Assert.Equal(3, arrived.OfType<ClaimStatusChanged>().Count());
    }

    [Theory]
    [InlineData(ClaimType.Jkk, ClaimStatus.Approved)]
    [InlineData(ClaimType.Jkk, ClaimStatus.Paid)]
    [InlineData(ClaimType.Jkm, ClaimStatus.Verified)]
    [InlineData(ClaimType.Jkm, ClaimStatus.SentToBpjs)]
    [InlineData(ClaimType.Jkm, ClaimStatus.Rejected)]
    public async Task No_other_move_confirms_a_death(string type, string status)
    {
        var id = await _seeded.AtAsync(status, type);

        Assert.Equal(0L, await claims.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'PijarSemar.Contracts.Events.WorkerDeathConfirmed' AND payload->>'claimId' = @id",
            ("id", id.ToString())));
        Assert.True(await claims.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE payload->>'claimId' = @id", ("id", id.ToString())) >= 1);
    }

    [Fact]
    public async Task A_paid_jkm_claim_confirmed_the_death_once_at_approval()
    {
        var id = await _seeded.AtAsync(ClaimStatus.Paid, ClaimType.Jkm);

        Assert.Equal(1L, await claims.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'PijarSemar.Contracts.Events.WorkerDeathConfirmed' AND payload->>'claimId' = @id",
            ("id", id.ToString())));
    }
}
