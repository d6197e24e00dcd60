using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Duplicates;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.Registry.Tests.Lifecycle;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Duplicates;

/// <summary>
/// A person registered twice under two NIKs is registered both times, the later one flagged for
/// an operator. Every worker here has a name of its own, so flags of one test never meet another's.
/// </summary>
public sealed class PossibleDuplicateTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string ListPath = "/api/v1/workers/possible-duplicates";

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator, "operator-dupes");

    [Fact]
    public async Task The_same_name_and_birth_date_under_another_nik_is_registered_and_flagged()
    {
        var name = UniqueName();
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = name, Kelurahan = "Sekayu" });

        var response = await _operator.PostAsJsonAsync("/api/v1/workers", Another(first) with { Kelurahan = "Miroto" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        Assert.Equal(first.Id, second.PossibleDuplicateOf);
        Assert.Equal(first.Id, (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{second.Id}"))!.PossibleDuplicateOf);
        Assert.Null(first.PossibleDuplicateOf);
        var flag = Assert.Single(await OpenFlagsAsync(), f => f.WorkerId == second.Id);
        Assert.Equal(("NameAndBirthDate", first.Id), (flag.Match, flag.PossibleDuplicateOf));
    }

    [Fact]
    public async Task The_same_name_in_the_same_kelurahan_is_flagged_whatever_the_birth_date()
    {
        var name = UniqueName();
        var first = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1980, 5, 5)) with { FullName = name, Kelurahan = "Sekayu" });

        var second = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1990, 6, 6)) with { FullName = name, Kelurahan = " SEKAYU " });

        Assert.Equal(first.Id, second.PossibleDuplicateOf);
        Assert.Equal("NameAndKelurahan", Assert.Single(await OpenFlagsAsync(), f => f.WorkerId == second.Id).Match);
    }

    [Fact]
    public async Task Another_name_or_the_same_name_elsewhere_with_another_birth_date_is_not_flagged()
    {
        var name = UniqueName();
        var first = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1981, 1, 2)) with { FullName = name, Kelurahan = "Sekayu" });

        var otherName = await _operator.RegisterAsync(Another(first) with { FullName = UniqueName() });
        var elsewhere = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1982, 3, 4)) with { FullName = name, Kelurahan = "Miroto" });
        var noKelurahan = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1983, 3, 4)) with { FullName = name, Kelurahan = null });

        Assert.Equal([null, null, null], new[] { otherName, elsewhere, noKelurahan }.Select(w => w.PossibleDuplicateOf));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_person_under_several_niks_leave_only_the_first_unflagged()
    {
        var name = UniqueName();
        var born = new DateOnly(1977, 7, 7);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(birthDate: born) with { FullName = name })));

        var workers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<WorkerResponse>())!));
        var first = Assert.Single(workers, w => w.PossibleDuplicateOf is null);
        Assert.All(workers.Where(w => w != first), w => Assert.Equal(first.Id, w.PossibleDuplicateOf));
    }

    [Theory]
    [InlineData("Siti Rahayu", "  SITI   rahayu ")]
    [InlineData("Ma'ruf Amin", "Maruf Amin")]
    [InlineData("Moh. Ali", "moh ali")]
    [InlineData("Nur-Aini", "Nur Aini")]
    [InlineData("Désirée Putri", "desiree putri")]
    public async Task Names_are_compared_without_case_spacing_punctuation_or_accents(string registered, string typed)
    {
        var word = RegistryApiExtensions.UniqueWord();
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = $"{registered} {word}" });

        var second = await _operator.RegisterAsync(Another(first) with { FullName = $"{typed} {word.ToUpperInvariant()}" });

        Assert.Equal(first.Id, second.PossibleDuplicateOf);
    }

    [Fact]
    public async Task A_later_worker_is_flagged_against_the_earliest_match_and_the_list_pages_through_open_flags_oldest_first()
    {
        var name = UniqueName();
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = name });
        var flagged = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var worker = await _operator.RegisterAsync(Another(first));
            Assert.Equal(first.Id, worker.PossibleDuplicateOf);
            flagged.Add(worker.Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await _operator.GetFromJsonAsync<Page<PossibleDuplicateResponse>>($"{ListPath}?limit=1&cursor={cursor}");
            Assert.True(page!.Items.Count <= 1);
            seen.AddRange(page.Items.Select(f => f.WorkerId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(flagged, seen.Where(flagged.Contains));
    }

    [Fact]
    public async Task Not_a_duplicate_clears_the_flag_takes_it_off_the_list_and_is_audited_with_the_note()
    {
        var (first, second) = await FlaggedPairAsync();
        var alice = registry.ClientAs(Roles.Operator, "alice");

        var response = await alice.PostAsJsonAsync(ResolutionPath(second.Id), new PossibleDuplicateResolutionRequest("NotDuplicate", "KTPs compared: twins"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var resolved = (await response.Content.ReadFromJsonAsync<PossibleDuplicateResponse>())!;
        Assert.Equal(("NotDuplicate", "KTPs compared: twins", "alice", first.Id), (resolved.Decision, resolved.Note, resolved.DecidedBy, resolved.PossibleDuplicateOf));
        Assert.Null((await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{second.Id}"))!.PossibleDuplicateOf);
        Assert.DoesNotContain(second.Id, (await OpenFlagsAsync()).Select(f => f.WorkerId));
        var audit = await registry.ScalarAsync<string>("""
            SELECT actor || '|' || (before->>'decision' IS NULL) || '|' || (after->>'decision') || '|' || (after->>'note')
            FROM audit_log WHERE entity_type = 'worker' AND entity_id = @id AND action = 'PossibleDuplicateResolved'
            """, ("id", second.Id));
        Assert.Equal("alice|true|NotDuplicate|KTPs compared: twins", audit);
    }

    [Fact]
    public async Task A_duplicate_keeps_the_flag_and_leads_to_rejecting_a_registered_worker()
    {
        var (first, second) = await FlaggedPairAsync();

        var resolved = await ResolveAsync(second.Id, new PossibleDuplicateResolutionRequest("duplicate", null));

        Assert.Equal("Duplicate", resolved.Decision);
        Assert.Contains($"/api/v1/workers/{second.Id}/verification", resolved.NextStep, StringComparison.Ordinal);
        Assert.Equal(first.Id, (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{second.Id}"))!.PossibleDuplicateOf);
        Assert.DoesNotContain(second.Id, (await OpenFlagsAsync()).Select(f => f.WorkerId));
        var rejected = await _operator.PostAsJsonAsync($"/api/v1/workers/{second.Id}/verification", new VerificationRequest(false, $"Duplicate of worker {first.Id}"));
        Assert.Equal("Rejected", (await rejected.Content.ReadFromJsonAsync<WorkerResponse>())!.Status);
    }

    [Fact]
    public async Task A_duplicate_found_after_verification_leads_to_deactivating_it_as_duplicate()
    {
        var (_, second) = await FlaggedPairAsync();
        await _operator.PostAsJsonAsync($"/api/v1/workers/{second.Id}/verification", new VerificationRequest(true, null));

        var resolved = await ResolveAsync(second.Id, new PossibleDuplicateResolutionRequest("Duplicate", "same KTP photo"));

        Assert.Contains($"/api/v1/workers/{second.Id}/deactivation", resolved.NextStep, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"Duplicate\"", resolved.NextStep, StringComparison.Ordinal);
        var deactivated = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{second.Id}/deactivation", new DeactivationRequest("Duplicate", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)), null));
        Assert.Equal(("Deactivated", "Duplicate"), await deactivated.Content.ReadFromJsonAsync<WorkerResponse>() is { } w ? (w.Status, w.StatusReason) : default);
    }

    [Fact]
    public async Task A_flag_is_decided_once_a_second_decision_is_409_naming_the_first()
    {
        var (_, second) = await FlaggedPairAsync();
        await ResolveAsync(second.Id, new PossibleDuplicateResolutionRequest("Duplicate", null));

        var again = await _operator.PostAsJsonAsync(ResolutionPath(second.Id), new PossibleDuplicateResolutionRequest("NotDuplicate", "changed my mind"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentDecision").GetString());
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'PossibleDuplicateResolved'", ("id", second.Id)));
    }

    [Theory]
    [InlineData(null, "why", "decision")]
    [InlineData("Maybe", "why", "decision")]
    [InlineData("NotDuplicate", null, "note")]
    [InlineData("NotDuplicate", "   ", "note")]
    public async Task A_bad_resolution_is_400_naming_the_field_and_decides_nothing(string? decision, string? note, string field)
    {
        var (_, second) = await FlaggedPairAsync();

        var response = await _operator.PostAsJsonAsync(ResolutionPath(second.Id), new PossibleDuplicateResolutionRequest(decision, note));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
        Assert.Contains(second.Id, (await OpenFlagsAsync()).Select(f => f.WorkerId));
    }

    [Fact]
    public async Task A_correction_that_makes_a_worker_match_an_earlier_one_flags_it_as_a_registration_would()
    {
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = UniqueName(), Kelurahan = "Sekayu" });
        var second = await _operator.RegisterAsync(Another(first) with { FullName = UniqueName(), Kelurahan = "Miroto" });
        Assert.Null(second.PossibleDuplicateOf);

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{second.Id}/correction", new WorkerCorrectionRequest(FullName: first.FullName, Note: "Name typed wrongly"));

        Assert.Equal(first.Id, corrected.PossibleDuplicateOf);
        var flag = Assert.Single(await OpenFlagsAsync(), f => f.WorkerId == second.Id);
        Assert.Equal(("NameAndBirthDate", first.Id), (flag.Match, flag.PossibleDuplicateOf));
    }

    [Fact]
    public async Task A_correction_never_flags_a_worker_against_one_registered_after_it()
    {
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = UniqueName(), Kelurahan = "Sekayu" });
        var later = await _operator.RegisterAsync(Another(first) with { FullName = UniqueName() });

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{first.Id}/correction", new WorkerCorrectionRequest(FullName: later.FullName, Note: "Name typed wrongly"));

        Assert.Null(corrected.PossibleDuplicateOf);
        Assert.DoesNotContain(first.Id, (await OpenFlagsAsync()).Select(f => f.WorkerId));
    }

    [Fact]
    public async Task A_correction_of_a_worker_an_operator_found_not_to_be_a_duplicate_keeps_that_decision()
    {
        var (_, second) = await FlaggedPairAsync();
        await ResolveAsync(second.Id, new PossibleDuplicateResolutionRequest("NotDuplicate", "KTPs compared: twins"));

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{second.Id}/correction", new WorkerCorrectionRequest(Kelurahan: "Pekunden", Note: "Kelurahan typed wrongly"));

        Assert.Equal("Pekunden", corrected.Kelurahan);
        Assert.Null(corrected.PossibleDuplicateOf);
        Assert.Equal("NotDuplicate", await registry.ScalarAsync<string>("SELECT decision FROM possible_duplicates WHERE worker_id = @id", ("id", second.Id)));
    }

    [Fact]
    public async Task A_note_longer_than_500_characters_is_400_naming_note()
    {
        var (_, second) = await FlaggedPairAsync();

        var response = await _operator.PostAsJsonAsync(ResolutionPath(second.Id), new PossibleDuplicateResolutionRequest("Duplicate", new string('x', 501)));

        Assert.Equal(["note"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Resolving_a_worker_that_is_not_flagged_or_does_not_exist_is_404()
    {
        var unflagged = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = UniqueName() });
        var request = new PossibleDuplicateResolutionRequest("Duplicate", null);

        Assert.Equal(HttpStatusCode.NotFound, (await _operator.PostAsJsonAsync(ResolutionPath(unflagged.Id), request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.PostAsJsonAsync(ResolutionPath(Guid.CreateVersion7()), request)).StatusCode);
    }

    [Fact]
    public async Task Operators_and_auditors_list_flags_only_operators_resolve_them()
    {
        var (_, second) = await FlaggedPairAsync();
        var request = new PossibleDuplicateResolutionRequest("Duplicate", null);

        Assert.Equal(HttpStatusCode.OK, (await registry.ClientAs(Roles.Auditor).GetAsync(ListPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.ClaimsOfficer).GetAsync(ListPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.Auditor).PostAsJsonAsync(ResolutionPath(second.Id), request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await registry.AnonymousClient().GetAsync(ListPath)).StatusCode);
    }

    [Fact]
    public async Task An_import_flags_rows_matching_earlier_workers_and_earlier_rows_of_the_same_file()
    {
        var registered = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = UniqueName() });
        var fileName = UniqueName();
        var first = WorkerSamples.Valid() with { FullName = fileName, Kelurahan = "Tugurejo" };
        var rows = new[]
        {
            Another(registered),
            first,
            WorkerSamples.Valid() with { FullName = fileName.ToUpperInvariant(), Kelurahan = "tugurejo" },
            WorkerSamples.Valid() with { FullName = UniqueName() },
        };

        var import = await _operator.ImportAsync(ImportCsv.Of(rows));

        Assert.Equal(4, import.Accepted);
        var flags = await registry.ScalarAsync<string>("""
            SELECT string_agg(w.nik || '>' || coalesce(d.nik, '-') || ':' || coalesce(f.match, '-'), ',' ORDER BY w.seq)
            FROM workers w
            LEFT JOIN workers d ON d.id = w.possible_duplicate_of
            LEFT JOIN possible_duplicates f ON f.worker_id = w.id AND f.duplicate_of = d.id
            WHERE w.import_id = @id
            """, ("id", import.Id));
        Assert.Equal(
            $"{rows[0].Nik}>{registered.Nik}:NameAndBirthDate,{rows[1].Nik}>-:-,{rows[2].Nik}>{rows[1].Nik}:NameAndKelurahan,{rows[3].Nik}>-:-",
            flags);
        // An import writes one audit entry; the history shows it as each worker's registration, flag included.
        var flagged = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE nik = @nik", ("nik", rows[0].Nik!));
        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{flagged}/history");
        var registration = history!.Items.Single(e => e.Action == "Registered");
        Assert.Equal(registered.Id.ToString(), registration.After!.Value.GetProperty("possibleDuplicateOf").GetString());
    }

    [Fact]
    public async Task A_row_is_flagged_against_an_earlier_row_of_the_file_written_in_an_earlier_chunk()
    {
        var first = WorkerSamples.Valid() with { FullName = UniqueName() };
        var later = WorkerSamples.Valid(first.Sex!, first.BirthDate) with { FullName = first.FullName };
        var rows = new List<RegisterWorkerRequest> { first };
        rows.AddRange(Enumerable.Range(0, WorkerImportSql.ChunkSize).Select(_ => WorkerSamples.Valid() with { FullName = UniqueName() }));
        rows.Add(later);

        var import = await _operator.ImportAsync(ImportCsv.Of(rows));

        Assert.Equal(rows.Count, import.Accepted);
        Assert.Equal(
            await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE nik = @nik", ("nik", first.Nik!)),
            await registry.ScalarAsync<Guid>("SELECT possible_duplicate_of FROM workers WHERE nik = @nik", ("nik", later.Nik!)));
    }

    [Fact]
    public async Task An_import_waits_for_a_registration_holding_its_name_lock_and_flags_its_row_against_that_worker()
    {
        var name = UniqueName();
        var registering = WorkerSamples.Valid() with { FullName = name };
        var imported = WorkerSamples.Valid() with { FullName = name };
        await using var scope = registry.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDbContext>();
        await using var registration = await db.Database.BeginTransactionAsync();
        var registeredId = Guid.CreateVersion7();

        // A single registration between its name lock and its commit, as WorkerRegistration runs it.
        await PossibleDuplicateFinder.LockNameAsync(db, name, CancellationToken.None);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO workers (id, nik, full_name, birth_date, sex, kecamatan, kelurahan, p3ke_listed, status, registered_at, updated_at)
            VALUES ({registeredId}, {registering.Nik}, {name}, {registering.BirthDate}, 'Male', 'Semarang Tengah', 'Sekayu', false, 'Registered', now(), now())
            """);
        var upload = await _operator.UploadAsync(ImportCsv.Of([imported]));
        var importId = (await upload.Content.ReadFromJsonAsync<WorkerImportAccepted>(ImportApi.Json))!.Id;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var whileLocked = await _operator.GetFromJsonAsync<WorkerImportResponse>($"{ImportApi.Path}/{importId}", ImportApi.Json);
        await registration.CommitAsync();
        var import = await _operator.FinishedAsync(importId);

        Assert.NotEqual(WorkerImportStatus.Completed, whileLocked!.Status);
        Assert.Equal(1, import.Accepted);
        Assert.Equal(registeredId, await registry.ScalarAsync<Guid>("SELECT possible_duplicate_of FROM workers WHERE nik = @nik", ("nik", imported.Nik!)));
    }

    [Fact]
    public async Task A_registration_made_while_an_import_runs_waits_for_it_and_is_flagged_against_the_imported_worker()
    {
        var imported = WorkerSamples.Valid() with { FullName = UniqueName() };
        var held = WorkerSamples.Valid();
        // The import waits on it in its COPY, after it has taken every name lock.
        await using var rival = await UncommittedWorker.InsertAsync(registry.ConnectionString, held);

        var upload = await _operator.UploadAsync(ImportCsv.Of([imported, held]));
        var importId = (await upload.Content.ReadFromJsonAsync<WorkerImportAccepted>(ImportApi.Json))!.Id;
        await UncommittedWorker.UntilSomethingWaitsAsync(registry, "the import to wait on the uncommitted row");
        var registering = _operator.RegisterAsync(WorkerSamples.Valid(imported.Sex!, imported.BirthDate) with { FullName = imported.FullName });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var registeredWhileImporting = registering.IsCompleted;
        await rival.CommitAsync();
        var import = await _operator.FinishedAsync(importId);
        var registered = await registering;

        Assert.False(registeredWhileImporting);
        Assert.Equal((1, 1), (import.Accepted, import.Rejected));
        Assert.Equal(await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE nik = @nik", ("nik", imported.Nik!)), registered.PossibleDuplicateOf);
    }

    [Fact]
    public async Task The_match_is_an_index_lookup_for_single_registration_and_for_each_chunk_of_an_import()
    {
        var single = await ExplainAsync("SELECT * FROM possible_duplicate(duplicate_key('siti'), DATE '1980-01-01', duplicate_key('sekayu'), 9223372036854775807)");
        // A chunk's size: the planner picks its joins by how many rows it expects.
        var chunk = Enumerable.Range(0, WorkerImportSql.ChunkSize).ToArray();
        string[] niks = [.. chunk.Select(i => $"33740101018{i:00000}")], names = [.. chunk.Select(i => $"siti {i}")], kelurahan = [.. chunk.Select(_ => "sekayu")];
        DateOnly[] birthDates = [.. chunk.Select(_ => new DateOnly(1980, 1, 1))];
        var import = await ExplainAsync(PossibleDuplicateFlagging.LookUpStatement,
            ("names", names), ("birth_dates", birthDates), ("kelurahan", kelurahan));
        var nikOwners = await ExplainAsync(PossibleDuplicateFlagging.NikOwnersStatement, ("niks", niks));

        foreach (var plan in new[] { single, import })
        {
            Assert.Contains("workers_name_birth_date", plan, StringComparison.Ordinal);
            Assert.Contains("workers_name_kelurahan", plan, StringComparison.Ordinal);
        }

        // A join to workers would be a merge or a hash over the whole table, every registered worker read for each chunk.
        Assert.DoesNotContain("Merge", import, StringComparison.Ordinal);
        Assert.DoesNotContain("Hash", import, StringComparison.Ordinal);
        Assert.Contains("Index Cond: (nik = ANY (", nikOwners, StringComparison.Ordinal);
        Assert.Contains("workers_nik", nikOwners, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_name_key_is_computed_inline_in_the_statements_that_use_it_and_is_null_for_null()
    {
        var plan = await ExplainAsync("EXPLAIN_VERBOSE SELECT duplicate_key(full_name) FROM workers");

        Assert.DoesNotContain("duplicate_key(", plan, StringComparison.Ordinal);
        Assert.Contains("regexp_replace", plan, StringComparison.Ordinal);
        Assert.Equal(DBNull.Value, await registry.ScalarAsync<object>("SELECT duplicate_key(NULL)"));
    }

    /// <summary>
    /// The plan with sequential scans priced out, so it names an index whenever one can answer.
    /// A statement starting <c>EXPLAIN_VERBOSE</c> is explained with its output expressions.
    /// </summary>
    private async Task<string> ExplainAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(registry.ConnectionString);
        await connection.OpenAsync();
        await using (var settings = new Npgsql.NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        var explain = sql.StartsWith("EXPLAIN_VERBOSE ", StringComparison.Ordinal) ? $"EXPLAIN (COSTS OFF, VERBOSE) {sql["EXPLAIN_VERBOSE ".Length..]}" : $"EXPLAIN (COSTS OFF) {sql}";
        await using var command = new Npgsql.NpgsqlCommand(explain, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var plan = new System.Text.StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }

        return plan.ToString();
    }

    private async Task<(WorkerResponse First, WorkerResponse Second)> FlaggedPairAsync()
    {
        var first = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = UniqueName() });
        var second = await _operator.RegisterAsync(Another(first));
        Assert.Equal(first.Id, second.PossibleDuplicateOf);
        return (first, second);
    }

    private async Task<PossibleDuplicateResponse> ResolveAsync(Guid id, PossibleDuplicateResolutionRequest request)
    {
        var response = await _operator.PostAsJsonAsync(ResolutionPath(id), request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PossibleDuplicateResponse>())!;
    }

    private async Task<List<PossibleDuplicateResponse>> OpenFlagsAsync()
    {
        var flags = new List<PossibleDuplicateResponse>();
        string? cursor = null;
        do
        {
            var page = await _operator.GetFromJsonAsync<Page<PossibleDuplicateResponse>>($"{ListPath}?limit=200&cursor={cursor}");
            flags.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return flags;
    }

    private static string ResolutionPath(Guid id) => $"/api/v1/workers/{id}/possible-duplicate/resolution";

    /// <summary>The same person under another NIK: same name, birth date and sex, a NIK of its own.</summary>
    private static RegisterWorkerRequest Another(WorkerResponse worker) =>
        WorkerSamples.Valid(worker.Sex, worker.BirthDate) with { FullName = worker.FullName, Kelurahan = worker.Kelurahan };

    private static string UniqueName() => "Siti " + RegistryApiExtensions.UniqueWord();
}
