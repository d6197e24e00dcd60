using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

public sealed class TransitionTests(ClaimsFixture claims) : IClassFixture<ClaimsFixture>
{
    private readonly SeededClaims _seeded = new(claims);
    private readonly HttpClient _officer = claims.ClientAs(Roles.ClaimsOfficer, "officer-ani");

    [Fact]
    public async Task A_claim_moves_through_every_status_to_paid_keeping_its_history_amounts_and_closing_time()
    {
        var id = await _seeded.SubmittedAsync(documentsReceived: true);

        var verified = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Verified", note = "Checked with the family." }));
        var sent = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "SentToBpjs" }));
        var approved = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Approved", amount = 30_000_000 }));
        var paid = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Paid", amount = 30_000_000, note = "Transfer 8812" }));

        Assert.Equal([ClaimStatus.Verified, ClaimStatus.SentToBpjs, ClaimStatus.Approved, ClaimStatus.Paid], new[] { verified, sent, approved, paid }.Select(c => c.Status));
        Assert.Equal([2L, 3L, 4L, 5L], new[] { verified, sent, approved, paid }.Select(c => c.Version));
        Assert.All(new[] { verified, sent, approved }, c => Assert.Null(c.ClosedAt));
        Assert.Equal(30_000_000, approved.ApprovedAmount);
        Assert.Null(approved.PaidAmount);
        Assert.Equal(30_000_000, paid.PaidAmount);
        Assert.Equal(paid.StatusChangedAt, paid.ClosedAt);
        Assert.True(paid.StatusChangedAt > approved.StatusChangedAt);
        Assert.Equal(0, paid.DaysInCurrentStatus);

        Assert.Equal([1, 2, 3, 4, 5], paid.History.Select(h => h.Seq));
        Assert.Equal([null, "Submitted", "Verified", "SentToBpjs", "Approved"], paid.History.Select(h => h.From));
        Assert.Equal(["Submitted", "Verified", "SentToBpjs", "Approved", "Paid"], paid.History.Select(h => h.To));
        Assert.Equal([null, null, null, 30_000_000L, 30_000_000L], paid.History.Select(h => h.Amount));
        Assert.Equal([null, "Checked with the family.", null, null, "Transfer 8812"], paid.History.Select(h => h.Note));
        Assert.All(paid.History.Skip(1), h => Assert.Equal("officer-ani", h.Actor));

        // What the response said is what was stored.
        Assert.Equal(
            "Paid,5,30000000,30000000,t",
            await claims.ScalarAsync<string>(
                "SELECT concat_ws(',', status, version, approved_amount, paid_amount, closed_at = status_changed_at) FROM claims WHERE id = @id", ("id", id)));
        Assert.Equal(5L, await claims.ScalarAsync<long>("SELECT count(*) FROM claim_transitions WHERE claim_id = @id", ("id", id)));
    }

    [Fact]
    public async Task Each_move_publishes_ClaimStatusChanged_through_the_outbox_with_the_new_version_and_amount()
    {
        var id = await _seeded.AtAsync(ClaimStatus.Paid);

        var events = await claims.ScalarAsync<string>(
            """
            SELECT string_agg(concat_ws(',', payload->>'from', payload->>'to', payload->>'amount', payload->>'version', payload->>'type'), ';' ORDER BY position)
            FROM outbox_messages WHERE message_type = 'PijarSemar.Contracts.Events.ClaimStatusChanged' AND payload->>'claimId' = @id
            """,
            ("id", id.ToString()));

        Assert.Equal(
            $"Submitted,Verified,2,Jkk;Verified,SentToBpjs,3,Jkk;SentToBpjs,Approved,{SeededClaims.Approved},4,Jkk;Approved,Paid,{SeededClaims.Approved},5,Jkk",
            events);
    }

    [Fact]
    public async Task Each_move_is_audited_with_the_claim_before_and_after_and_who_made_it()
    {
        var id = await _seeded.SubmittedAsync();

        await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Verified" }));
        await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Rejected", note = "The worker was not on duty." }));

        var audit = await claims.ScalarAsync<string>(
            """
            SELECT string_agg(concat_ws(',', entity_type, action, actor, before->>'status', before->>'version', after->>'status', after->>'version', after->>'note',
                                        after->>'closedAt' IS NOT NULL), ';' ORDER BY id)
            FROM audit_log WHERE entity_id = @id
            """,
            ("id", id));
        Assert.Equal(
            "claim,Verified,officer-ani,Submitted,1,Verified,2,f;claim,Rejected,officer-ani,Verified,2,Rejected,3,The worker was not on duty.,t",
            audit);
    }

    public static TheoryData<string> OpenStatuses() => [ClaimStatus.Submitted, ClaimStatus.Verified, ClaimStatus.SentToBpjs, ClaimStatus.Approved];

    [Theory]
    [MemberData(nameof(OpenStatuses))]
    public async Task An_open_claim_is_rejected_with_its_reason_and_closed(string status)
    {
        var id = await _seeded.AtAsync(status);

        var rejected = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "rejected", note = "  Documents are forged.  " }));

        Assert.Equal(ClaimStatus.Rejected, rejected.Status);
        Assert.Equal(rejected.StatusChangedAt, rejected.ClosedAt);
        Assert.Equal(status, rejected.History[^1].From);
        Assert.Equal("Documents are forged.", rejected.History[^1].Note);
        Assert.Equal(1L, await claims.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'claimId' = @id AND payload->>'to' = 'Rejected' AND payload->>'from' = @from",
            ("id", id.ToString()), ("from", status)));
    }

    [Theory]
    [InlineData(ClaimStatus.Submitted, "SentToBpjs", new[] { "Verified", "Rejected" })]
    [InlineData(ClaimStatus.Submitted, "Approved", new[] { "Verified", "Rejected" })]
    [InlineData(ClaimStatus.Submitted, "Paid", new[] { "Verified", "Rejected" })]
    [InlineData(ClaimStatus.Submitted, "Submitted", new[] { "Verified", "Rejected" })]
    [InlineData(ClaimStatus.Verified, "Submitted", new[] { "SentToBpjs", "Rejected" })]
    [InlineData(ClaimStatus.Verified, "Verified", new[] { "SentToBpjs", "Rejected" })]
    [InlineData(ClaimStatus.Verified, "Approved", new[] { "SentToBpjs", "Rejected" })]
    [InlineData(ClaimStatus.SentToBpjs, "Verified", new[] { "Approved", "Rejected" })]
    [InlineData(ClaimStatus.SentToBpjs, "Paid", new[] { "Approved", "Rejected" })]
    [InlineData(ClaimStatus.Approved, "SentToBpjs", new[] { "Paid", "Rejected" })]
    [InlineData(ClaimStatus.Approved, "Approved", new[] { "Paid", "Rejected" })]
    [InlineData(ClaimStatus.Paid, "Rejected", new string[0])]
    [InlineData(ClaimStatus.Paid, "Approved", new string[0])]
    [InlineData(ClaimStatus.Paid, "Paid", new string[0])]
    [InlineData(ClaimStatus.Rejected, "Verified", new string[0])]
    [InlineData(ClaimStatus.Rejected, "Submitted", new string[0])]
    [InlineData(ClaimStatus.Rejected, "Rejected", new string[0])]
    public async Task An_illegal_move_is_a_409_naming_the_moves_allowed_and_writes_nothing(string status, string to, string[] allowed)
    {
        var id = await _seeded.AtAsync(status);
        var before = await _seeded.FootprintAsync(id);

        var problem = await (await MoveAsync(id, new { to, note = "a reason", amount = ClaimWorkflow.CarriesAmount(to) ? 1000 : (int?)null }))
            .ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("Illegal move.", problem.Title());
        Assert.Equal(status, problem.GetProperty("from").GetString());
        Assert.Equal(to, problem.GetProperty("to").GetString());
        Assert.Equal(allowed, problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task An_unknown_claim_is_a_404()
    {
        var problem = await (await MoveAsync(Guid.NewGuid(), new { to = "Verified" })).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Claim not found.", problem.Title());
    }

    [Fact]
    public async Task Paying_more_than_was_approved_is_a_422_and_writes_nothing()
    {
        var id = await _seeded.AtAsync(ClaimStatus.Approved);
        var before = await _seeded.FootprintAsync(id);

        var problem = await (await MoveAsync(id, new { to = "Paid", amount = SeededClaims.Approved + 1 })).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Paid more than approved.", problem.Title());
        Assert.Equal(SeededClaims.Approved, problem.GetProperty("approvedAmount").GetInt64());
        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task Paying_less_than_was_approved_is_recorded()
    {
        var id = await _seeded.AtAsync(ClaimStatus.Approved);

        var paid = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Paid", amount = SeededClaims.Approved - 2_000_000 }));

        Assert.Equal(SeededClaims.Approved, paid.ApprovedAmount);
        Assert.Equal(SeededClaims.Approved - 2_000_000, paid.PaidAmount);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { ClaimStatus.Submitted, """{ }""", "to" },
        { ClaimStatus.Submitted, """{ "to": "" }""", "to" },
        { ClaimStatus.Submitted, """{ "to": "Closed" }""", "to" },
        { ClaimStatus.Submitted, """{ "to": 3 }""", "to" },
        { ClaimStatus.Submitted, """{ "to": "Verified", "amount": 1000 }""", "amount" },
        { ClaimStatus.Submitted, """{ "to": "Rejected", "note": "no", "amount": 1000 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved" }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": null }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": 0 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": -5000000 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": 1500000.5 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": 1.0 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": 9223372036854775808 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": 1e30 }""", "amount" },
        { ClaimStatus.SentToBpjs, """{ "to": "Approved", "amount": "lots" }""", "amount" },
        { ClaimStatus.Approved, """{ "to": "Paid" }""", "amount" },
        { ClaimStatus.Approved, """{ "to": "Paid", "amount": -1 }""", "amount" },
        { ClaimStatus.Submitted, """{ "to": "Rejected" }""", "note" },
        { ClaimStatus.Submitted, """{ "to": "Rejected", "note": " \n " }""", "note" },
        { ClaimStatus.Submitted, """{ "to": "Rejected", "note": "forged\u0000" }""", "note" },
        { ClaimStatus.Submitted, """{ "to": "Verified", "note": "bell\u0007" }""", "note" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_field_is_a_400_naming_it_and_writes_nothing(string status, string body, string field)
    {
        var id = await _seeded.AtAsync(status);
        var before = await _seeded.FootprintAsync(id);

        await (await PostRawAsync(id, body)).FieldsAsync(field);

        Assert.Equal(before, await _seeded.FootprintAsync(id));
    }

    [Fact]
    public async Task A_note_of_2001_characters_is_a_400_and_one_of_2000_is_kept_whole()
    {
        var id = await _seeded.SubmittedAsync();

        await (await MoveAsync(id, new { to = "Rejected", note = new string('x', 2001) })).FieldsAsync("note");
        var rejected = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Rejected", note = new string('x', 2000) }));

        Assert.Equal(2000, rejected.History[^1].Note!.Length);
    }

    [Fact]
    public async Task A_note_may_run_over_several_lines()
    {
        var id = await _seeded.SubmittedAsync();

        var verified = await SeededClaims.DetailsAsync(await MoveAsync(id, new { to = "Verified", note = "Visited the family.\nKTP seen." }));

        Assert.Equal("Visited the family.\nKTP seen.", verified.History[^1].Note);
    }

    [Fact]
    public async Task A_move_sent_twice_with_one_idempotency_key_is_made_once_and_answered_the_same()
    {
        var id = await _seeded.SubmittedAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await PostRawAsync(id, """{ "to": "Verified" }""", key);
        using var again = await PostRawAsync(id, """{ "to": "Verified" }""", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(2L, await claims.ScalarAsync<long>("SELECT count(*) FROM claim_transitions WHERE claim_id = @id", ("id", id)));
    }

    [Fact]
    public async Task Concurrent_moves_of_one_claim_let_exactly_one_win_and_answer_409_to_the_others()
    {
        var id = await _seeded.SubmittedAsync();

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = claims.ClientAs(Roles.ClaimsOfficer, $"officer-{i}");
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", new { to = "Verified" });
        }).ToList();
        start.Release(requests.Count);
        var responses = await Task.WhenAll(requests);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        // The claim's row lock queues the others behind the winner: each then sees a Verified claim.
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(("Illegal move.", "Verified"), (problem.Title(), problem.GetProperty("from").GetString()));
        }

        Assert.Equal(
            "Verified,2 | 2 | 1 | 1",
            await claims.ScalarAsync<string>(
                """
                SELECT concat_ws(' | ',
                    (SELECT concat_ws(',', status, version) FROM claims WHERE id = @id),
                    (SELECT count(*) FROM claim_transitions WHERE claim_id = @id),
                    (SELECT count(*) FROM audit_log WHERE entity_id = @id),
                    (SELECT count(*) FROM outbox_messages WHERE payload->>'claimId' = @text))
                """,
                ("id", id), ("text", id.ToString())));
    }

    private Task<HttpResponseMessage> MoveAsync(Guid id, object body) =>
        _officer.PostAsJsonAsync($"/api/v1/claims/{id}/transitions", body);

    private async Task<HttpResponseMessage> PostRawAsync(Guid id, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/claims/{id}/transitions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _officer.SendAsync(request);
    }
}
