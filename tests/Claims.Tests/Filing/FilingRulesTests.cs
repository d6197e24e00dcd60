using System.Net;
using System.Net.Http.Json;
using System.Text;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>What a filing refuses, and that a refused filing writes nothing.</summary>
public sealed class FilingRulesTests(FilingFixture stack) : IClassFixture<FilingFixture>
{
    private readonly HttpClient _officer = stack.ClaimsAs(Roles.ClaimsOfficer);

    public static TheoryData<string, string> BadFields => new()
    {
        { """{ "type": "Jkk", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife" }""", "workerId" },
        { """{ "workerId": "00000000-0000-0000-0000-000000000000", "type": "Jkk", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife" }""", "workerId" },
        { """{ "workerId": "@w", "type": "Jht", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife" }""", "type" },
        { """{ "workerId": "@w", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife" }""", "type" },
        { """{ "workerId": "@w", "type": "Jkk", "description": "d", "reportedBy": "wife" }""", "incidentDate" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "05/01/2026", "description": "d", "reportedBy": "wife" }""", "incidentDate" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-02-30", "description": "d", "reportedBy": "wife" }""", "incidentDate" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "1999-12-31", "description": "d", "reportedBy": "wife" }""", "incidentDate" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "   ", "reportedBy": "wife" }""", "description" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "@long2001", "reportedBy": "wife" }""", "description" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "fell\u0000", "reportedBy": "wife" }""", "description" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "d" }""", "reportedBy" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "@long201" }""", "reportedBy" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife\u0007" }""", "reportedBy" },
        { """{ "workerId": "@w", "type": "Jkk", "incidentDate": "2026-01-05", "description": "d", "reportedBy": "wife", "location": "@long501" }""", "location" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_written(string body, string field)
    {
        var worker = await stack.KnownWorkerAsync();
        var json = body.Replace("@w", worker.ToString(), StringComparison.Ordinal)
            .Replace("@long2001", new string('a', 2001), StringComparison.Ordinal)
            .Replace("@long201", new string('a', 201), StringComparison.Ordinal)
            .Replace("@long501", new string('a', 501), StringComparison.Ordinal);

        var response = await _officer.PostAsync("/api/v1/claims", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.FieldsAsync(field);
        Assert.Equal(0L, await stack.WrittenForAsync(worker));
    }

    [Fact]
    public async Task Every_bad_field_of_one_request_is_named_together()
    {
        var response = await _officer.PostAsJsonAsync("/api/v1/claims", new { type = "x", description = "", reportedBy = "" });

        await response.FieldsAsync("workerId", "type", "incidentDate", "description", "reportedBy");
    }

    [Fact]
    public async Task Text_is_trimmed_the_type_spelt_canonically_and_an_empty_location_left_out()
    {
        var worker = await stack.KnownWorkerAsync();

        var claim = await (await _officer.FileAsync(new
        {
            workerId = worker, type = " jKK ", incidentDate = FilingTestData.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), description = "  cut by a sickle  ", location = "  ", reportedBy = " colleague ",
        })).FiledAsync();

        Assert.Equal(("Jkk", "cut by a sickle", (string?)null, "colleague"), (claim.Type, claim.Description, claim.Location, claim.ReportedBy));
    }

    [Fact]
    public async Task An_incident_after_today_in_Semarang_is_a_422()
    {
        var worker = await stack.KnownWorkerAsync();

        var response = await _officer.FileAsync(FilingTestData.Filing(worker, FilingTestData.Today.AddDays(1)));

        Assert.Equal("Incident date is in the future.", (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal(0L, await stack.WrittenForAsync(worker));
    }

    [Fact]
    public async Task A_JKK_claim_more_than_five_years_after_the_accident_is_a_422_and_one_on_the_last_day_is_filed()
    {
        var worker = await stack.KnownWorkerAsync(registeredOn: new DateOnly(2000, 1, 1));
        var lastDay = FilingTestData.Today.AddYears(-5);

        var late = await _officer.FileAsync(FilingTestData.Filing(worker, lastDay.AddDays(-1)));
        var inTime = await _officer.FileAsync(FilingTestData.Filing(worker, lastDay));
        var jkm = await _officer.FileAsync(FilingTestData.Filing(worker, lastDay.AddDays(-1), type: "Jkm"));

        var problem = await late.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("JKK claim window has passed.", problem.Title());
        Assert.Contains("5 years", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.Created, jkm.StatusCode);
    }

    [Fact]
    public async Task An_incident_before_the_workers_registration_is_a_422()
    {
        var registered = FilingTestData.Today.AddDays(-10);
        var worker = await stack.KnownWorkerAsync(registeredOn: registered);

        var before = await _officer.FileAsync(FilingTestData.Filing(worker, registered.AddDays(-1)));
        var onTheDay = await _officer.FileAsync(FilingTestData.Filing(worker, registered));

        Assert.Equal("Incident before registration.", (await before.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal(HttpStatusCode.Created, onTheDay.StatusCode);
    }

    [Fact]
    public async Task An_incident_after_the_death_the_registry_recorded_is_a_422()
    {
        var died = FilingTestData.Today.AddDays(-20);
        var worker = await stack.KnownWorkerAsync(status: "Deactivated", deceasedOn: died);

        var after = await _officer.FileAsync(FilingTestData.Filing(worker, died.AddDays(1)));
        var death = await _officer.FileAsync(FilingTestData.Filing(worker, died, type: "Jkm"));

        Assert.Equal("Incident after the worker's death.", (await after.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal(HttpStatusCode.Created, death.StatusCode);
    }

    [Fact]
    public async Task An_incident_after_a_death_confirmed_by_an_approved_JKM_claim_is_a_422()
    {
        var worker = await stack.KnownWorkerAsync();
        var died = FilingTestData.Today.AddDays(-30);
        var jkm = await (await _officer.FileAsync(FilingTestData.Filing(worker, died, type: "Jkm"))).FiledAsync();
        await stack.ClaimsScalarAsync<object>(
            "UPDATE claims SET status = 'Approved', approved_amount = 42000000, version = 4 WHERE id = @c RETURNING id", ("c", jkm.Id));

        var response = await _officer.FileAsync(FilingTestData.Filing(worker, died.AddDays(2)));

        Assert.Equal("Incident after the worker's death.", (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
    }

    [Fact]
    public async Task A_second_open_claim_of_the_same_incident_is_a_409_naming_the_first_and_a_rejected_one_does_not_block()
    {
        var worker = await stack.KnownWorkerAsync();
        var day = FilingTestData.Today.AddDays(-4);
        var first = await (await _officer.FileAsync(FilingTestData.Filing(worker, day))).FiledAsync();

        var second = await _officer.FileAsync(FilingTestData.Filing(worker, day));
        var otherType = await _officer.FileAsync(FilingTestData.Filing(worker, day, type: "Jkm"));

        var problem = await second.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(first.Id.ToString(), problem.GetProperty("existingClaimId").GetString());
        Assert.Equal(HttpStatusCode.Created, otherType.StatusCode);

        await stack.ClaimsScalarAsync<object>("UPDATE claims SET status = 'Rejected', closed_at = now() WHERE id = @c RETURNING id", ("c", first.Id));
        var again = await _officer.FileAsync(FilingTestData.Filing(worker, day));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Filings_of_one_incident_at_the_same_moment_file_one_claim_and_the_others_get_409_naming_it()
    {
        var worker = await stack.KnownWorkerAsync();
        var filing = FilingTestData.Filing(worker, FilingTestData.Today.AddDays(-2));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => stack.ClaimsAs(Roles.ClaimsOfficer).FileAsync(filing)));

        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var id = (await created.FiledAsync()).Id.ToString();
        foreach (var conflict in responses.Where(r => r != created))
        {
            Assert.Equal(id, (await conflict.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("existingClaimId").GetString());
        }

        Assert.Equal(1L, await stack.ClaimsOfAsync(worker));
    }

    [Fact]
    public async Task The_same_filing_sent_twice_with_one_idempotency_key_files_one_claim()
    {
        var worker = await stack.KnownWorkerAsync();
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/claims") { Content = JsonContent.Create(FilingTestData.Filing(worker, FilingTestData.Today)) };
            request.Headers.Add("Idempotency-Key", key);
            return await _officer.SendAsync(request);
        }

        var first = await (await SendAsync()).FiledAsync();
        var second = await (await SendAsync()).FiledAsync();

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1L, await stack.ClaimsOfAsync(worker));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.BpjsIntegration)]
    [InlineData(Roles.Sponsor)]
    public async Task Only_a_claims_officer_files(string role)
    {
        var worker = await stack.KnownWorkerAsync();

        var response = await stack.ClaimsAs(role).FileAsync(FilingTestData.Filing(worker, FilingTestData.Today));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await stack.WrittenForAsync(worker));
    }

    [Fact]
    public async Task Filing_needs_a_token()
    {
        var response = await stack.ClaimsAnonymous().FileAsync(FilingTestData.Filing(Guid.NewGuid(), FilingTestData.Today));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
