using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

public sealed class WorkerImportTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator, "operator-kecamatan-tugu");

    [Fact]
    public async Task A_valid_file_imports_every_row_with_its_import_id_and_row_in_one_batch_event_and_one_audit_entry()
    {
        var workers = Enumerable.Range(0, 5).Select(i => WorkerSamples.Valid(i % 2 == 0 ? "Male" : "Female", p3keListed: i == 4)).ToList();

        var import = await _operator.ImportAsync(ImportCsv.Of(workers));

        Assert.Equal(WorkerImportStatus.Completed, import.Status);
        Assert.Equal((5, 5, 5, 0), (import.TotalRows, import.RowsDone, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal("operator-kecamatan-tugu", import.UploadedBy);
        Assert.NotNull(import.CompletedAt);
        Assert.Empty(import.Rejections.Items);

        var niks = workers.Select(w => w.Nik!).ToArray();
        Assert.Equal(5L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM workers WHERE import_id = @id AND nik = ANY(@niks) AND status = 'Registered'", ("id", import.Id), ("niks", niks)));
        Assert.Equal("2,3,4,5,6", await registry.ScalarAsync<string>(
            "SELECT string_agg(import_row::text, ',' ORDER BY seq) FROM workers WHERE import_id = @id", ("id", import.Id)));
        var events = await ImportedEventsAsync(import.Id);
        Assert.Equal(
            await registry.ScalarAsync<Guid[]>("SELECT array_agg(id ORDER BY seq) FROM workers WHERE import_id = @id", ("id", import.Id)),
            Assert.Single(events).Workers.Select(w => w.WorkerId));
        Assert.Equal(0L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log a JOIN workers w ON a.entity_id = w.id WHERE w.import_id = @id", ("id", import.Id)));
        Assert.Equal("WorkersImported|operator-kecamatan-tugu|5|0", await registry.ScalarAsync<string>("""
            SELECT string_agg(action || '|' || actor || '|' || (after->>'accepted') || '|' || (after->>'rejected'), ';')
            FROM audit_log WHERE entity_type = 'worker-import' AND entity_id = @id
            """, ("id", import.Id)));
    }

    [Fact]
    public async Task The_batch_event_of_an_imported_worker_carries_the_facts_of_a_single_registration_event()
    {
        var sample = WorkerSamples.Valid("Female");

        var import = await _operator.ImportAsync(ImportCsv.Of([sample]));

        var workerId = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE import_id = @id", ("id", import.Id));
        var worker = (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{workerId}"))!;
        var batch = Assert.Single(await ImportedEventsAsync(import.Id));
        Assert.Equal(import.Id, batch.ImportId);
        Assert.Equal(new ImportedWorker(workerId, "tukang-becak", "Semarang Tengah", false, worker.RegisteredAt, Version: 1), Assert.Single(batch.Workers));
        Assert.Equal(("Female", "+6281234567890"), (worker.Sex, worker.Phone));
    }

    [Fact]
    public async Task A_large_import_publishes_one_event_per_thousand_workers_each_worker_exactly_once_across_chunks()
    {
        var csv = new System.Text.StringBuilder(ImportCsv.Header + "\r\n");
        for (var i = 0; i < 7_500; i++)
        {
            csv.Append(ImportCsv.Line(WorkerSamples.Valid(i % 2 == 0 ? "Male" : "Female"))).Append("\r\n");
        }

        var import = await _operator.ImportAsync(csv.ToString());

        var events = await ImportedEventsAsync(import.Id);
        Assert.Equal(7_500, import.Accepted);
        Assert.Equal([500, .. Enumerable.Repeat(1_000, 7)], events.Select(e => e.Workers.Count).Order());
        Assert.Equal(
            await registry.ScalarAsync<Guid[]>("SELECT array_agg(id ORDER BY id) FROM workers WHERE import_id = @id", ("id", import.Id)),
            events.SelectMany(e => e.Workers).Select(w => w.WorkerId).Order());
    }

    [Fact]
    public async Task A_mixed_file_imports_the_valid_rows_and_reports_each_rejected_row_with_its_fields_and_reasons()
    {
        var valid = WorkerSamples.Valid();
        var impossibleDate = WorkerSamples.Valid(birthDate: new DateOnly(1990, 2, 28));
        var dayFirst = WorkerSamples.Valid(birthDate: new DateOnly(1985, 7, 23));
        var wrongSex = WorkerSamples.Valid("Female") with { Sex = "Male", Phone = "12345" };
        var csv = ImportCsv.Of(
            ImportCsv.Line(valid),                                                      // row 2
            ImportCsv.Line(WorkerSamples.Valid() with { Nik = "33740101019" }),         // row 3
            ImportCsv.Line(impossibleDate).Replace("1990-02-28", "31/02/1990", StringComparison.Ordinal), // row 4
            ImportCsv.Line(wrongSex),                                                   // row 5
            "",                                                                         // row 6: blank, skipped
            ImportCsv.Line(dayFirst).Replace("1985-07-23", "23/07/1985", StringComparison.Ordinal), // row 7
            ImportCsv.Line(WorkerSamples.Valid()) + ",extra",                           // row 8
            ImportCsv.Line(WorkerSamples.Valid()).Replace(",false", ",maybe", StringComparison.Ordinal), // row 9
            ImportCsv.Line(WorkerSamples.Valid() with { OccupationCode = "pilot" }));   // row 10

        var import = await _operator.ImportAsync(csv);

        Assert.Equal(["3: nik", "4: birthDate", "5: sex, phone", "8: row", "9: p3keListed", "10: occupationCode"], import.Rejections.Items.Summary());
        Assert.Equal((8, 2, 6), (import.TotalRows, import.Accepted!.Value, import.Rejected!.Value));
        var reasons = import.Rejections.Items.ToDictionary(r => r.Row, r => r.Errors.Select(e => e.Reason).ToList());
        Assert.Equal("NIK must be exactly 16 digits.", reasons[3].Single());
        Assert.StartsWith("Birth date must be a date written yyyy-MM-dd or dd/MM/yyyy", reasons[4].Single(), StringComparison.Ordinal);
        Assert.Equal("The NIK marks a woman (40 added to the birth day) but sex is Male.", reasons[5][0]);
        Assert.StartsWith("Phone must be an Indonesian number", reasons[5][1], StringComparison.Ordinal);
        Assert.StartsWith("Expected 10 values, as in the header, but found 11", reasons[8].Single(), StringComparison.Ordinal);
        Assert.StartsWith("p3keListed must be true/false, ya/tidak or 1/0", reasons[9].Single(), StringComparison.Ordinal);
        Assert.StartsWith("Occupation code is not a vulnerable occupation", reasons[10].Single(), StringComparison.Ordinal);
        Assert.Equal(2L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE import_id = @id", ("id", import.Id)));
        Assert.Equal(new DateOnly(1985, 7, 23), await registry.ScalarAsync<DateOnly>(
            "SELECT birth_date FROM workers WHERE import_id = @id AND nik = @nik", ("id", import.Id), ("nik", dayFirst.Nik!)));
    }

    [Fact]
    public async Task A_semicolon_separated_file_with_a_byte_order_mark_and_columns_in_another_order_and_case_is_imported()
    {
        var workers = new[] { WorkerSamples.Valid(), WorkerSamples.Valid("Female", p3keListed: true) };
        var lines = workers.Select(w => string.Join(';',
            w.Kecamatan, w.BirthDate!.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture),
            w.FullName, w.Sex, w.P3keListed ? "Ya" : "tidak", w.Nik, w.OccupationCode));

        var import = await _operator.ImportAsync(
            "\uFEFF" + string.Join("\n", ["KECAMATAN;BirthDate;fullname;Sex;p3kelisted;NIK;OCCUPATIONCODE", .. lines]));

        Assert.Equal((2, 2, 0), (import.TotalRows, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM workers WHERE import_id = @id AND p3ke_listed AND phone IS NULL AND sex = 'Female'", ("id", import.Id)));
    }

    [Fact]
    public async Task Quoted_values_keep_their_separators_line_breaks_and_quotes_and_rows_are_numbered_as_in_a_spreadsheet()
    {
        var quoted = WorkerSamples.Valid();
        var line = ImportCsv.Line(quoted).Replace("Siti Rahayu", "\"Siti 'Ita' Rahayu\"", StringComparison.Ordinal)
            .Replace("Jl. Pemuda No. 1", "\"Jl. \"\"Pemuda\"\", No. 1\r\nRT 02, RW 03\"", StringComparison.Ordinal);

        var import = await _operator.ImportAsync(ImportCsv.Of(line, ImportCsv.Line(WorkerSamples.Valid() with { Sex = "X" })));

        Assert.Equal(["3: sex"], import.Rejections.Items.Summary());
        Assert.Equal("Siti 'Ita' Rahayu|Jl. \"Pemuda\", No. 1\r\nRT 02, RW 03", await registry.ScalarAsync<string>(
            "SELECT full_name || '|' || address FROM workers WHERE nik = @nik", ("nik", quoted.Nik!)));
    }

    [Fact]
    public async Task A_nik_repeated_in_the_file_is_imported_from_its_first_row_and_later_rows_are_rejected_as_duplicates()
    {
        var first = WorkerSamples.Valid();
        var csv = ImportCsv.Of(
            ImportCsv.Line(first),
            ImportCsv.Line(WorkerSamples.Valid()),
            ImportCsv.Line(first with { FullName = "Someone Else" }),
            ImportCsv.Line(first with { Address = "Another address" }));

        var import = await _operator.ImportAsync(csv);

        Assert.Equal((2, 2), (import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(["4: nik", "5: nik"], import.Rejections.Items.Summary());
        Assert.All(import.Rejections.Items, row => Assert.StartsWith("Duplicate of row 2,", row.Errors.Single().Reason, StringComparison.Ordinal));
        Assert.Equal("Siti Rahayu", await registry.ScalarAsync<string>("SELECT full_name FROM workers WHERE nik = @nik", ("nik", first.Nik!)));
    }

    [Fact]
    public async Task A_nik_already_registered_is_rejected_naming_the_existing_worker()
    {
        var existing = await _operator.RegisterAsync(WorkerSamples.Valid());

        var import = await _operator.ImportAsync(ImportCsv.Of([WorkerSamples.Valid(), new RegisterWorkerRequest(
            existing.Nik, existing.FullName, existing.BirthDate, existing.Sex, null, null, existing.Kecamatan, null, existing.OccupationCode, false)]));

        Assert.Equal((1, 1), (import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(new RejectedField("nik", $"Already registered as worker {existing.Id}."), import.Rejections.Items.Single().Errors.Single());
        Assert.Equal(3, import.Rejections.Items.Single().Row);
    }

    [Fact]
    public async Task Uploading_the_same_file_again_adds_nothing_and_rejects_every_row_as_already_registered()
    {
        var csv = ImportCsv.Of(Enumerable.Range(0, 4).Select(_ => WorkerSamples.Valid()));
        var first = await _operator.ImportAsync(csv);
        var rowsBefore = await CountRowsAsync();

        var second = await _operator.ImportAsync(csv);

        Assert.Equal((4, 0), (first.Accepted!.Value, first.Rejected!.Value));
        Assert.Equal((0, 4), (second.Accepted!.Value, second.Rejected!.Value));
        Assert.All(second.Rejections.Items, row => Assert.StartsWith("Already registered as worker ", row.Errors.Single().Reason, StringComparison.Ordinal));
        Assert.Equal(rowsBefore, await CountRowsAsync());
    }

    [Fact]
    public async Task A_single_registration_committed_while_the_import_waits_on_the_same_nik_wins_and_the_row_is_reported()
    {
        var contested = WorkerSamples.Valid();
        await using var rival = await UncommittedWorker.InsertAsync(registry.ConnectionString, contested);
        var winnerId = rival.Id;

        var upload = await _operator.UploadAsync(ImportCsv.Of([WorkerSamples.Valid(), contested, WorkerSamples.Valid()]));
        var importId = (await upload.Content.ReadFromJsonAsync<WorkerImportAccepted>(ImportApi.Json))!.Id;
        await UncommittedWorker.UntilSomethingWaitsAsync(registry, "the import to wait on the uncommitted registration");
        await rival.CommitAsync();

        var import = await _operator.FinishedAsync(importId);

        Assert.Equal((WorkerImportStatus.Completed, 2, 1), (import.Status, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(new RejectedField("nik", $"Already registered as worker {winnerId}."), import.Rejections.Items.Single().Errors.Single());
        Assert.Equal(1L, await registry.ScalarAsync<long>("SELECT count(*) FROM workers WHERE nik = @nik", ("nik", contested.Nik!)));
        Assert.Equal(1, await registry.ScalarAsync<int>("SELECT attempts FROM worker_imports WHERE id = @id", ("id", importId)));
    }

    [Fact]
    public async Task Rejected_rows_and_imports_are_listed_page_by_page()
    {
        var csv = ImportCsv.Of([.. Enumerable.Range(0, 5).Select(_ => ImportCsv.Line(WorkerSamples.Valid() with { Sex = "?" }))]);
        var older = await _operator.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var newer = await _operator.ImportAsync(csv);

        var first = await _operator.GetFromJsonAsync<Contracts.Paging.Page<RejectedRow>>($"{ImportApi.Path}/{newer.Id}/rejections?limit=3", ImportApi.Json);
        var second = await _operator.GetFromJsonAsync<Contracts.Paging.Page<RejectedRow>>(
            $"{ImportApi.Path}/{newer.Id}/rejections?limit=3&cursor={first!.NextCursor}", ImportApi.Json);
        var imports = await _operator.GetFromJsonAsync<Contracts.Paging.Page<WorkerImportSummary>>($"{ImportApi.Path}?limit=1", ImportApi.Json);
        var previous = await _operator.GetFromJsonAsync<Contracts.Paging.Page<WorkerImportSummary>>(
            $"{ImportApi.Path}?limit=1&cursor={imports!.NextCursor}", ImportApi.Json);

        Assert.Equal([2, 3, 4], first.Items.Select(r => r.Row));
        Assert.Equal([5, 6], second!.Items.Select(r => r.Row));
        Assert.Null(second.NextCursor);
        Assert.Equal(newer.Id, imports.Items.Single().Id);
        Assert.Equal(older.Id, previous!.Items.Single().Id);
        Assert.Equal((1, 0), (previous.Items.Single().Accepted, previous.Items.Single().Rejected));
    }

    [Fact]
    public async Task An_auditor_reads_imports_and_an_unknown_import_is_a_404_problem()
    {
        var import = await _operator.ImportAsync(ImportCsv.Of([WorkerSamples.Valid()]));
        var auditor = registry.ClientAs(Roles.Auditor);

        var read = await auditor.GetFromJsonAsync<WorkerImportResponse>($"{ImportApi.Path}/{import.Id}", ImportApi.Json);
        var missing = await auditor.GetAsync($"{ImportApi.Path}/{Guid.NewGuid()}");

        Assert.Equal(import.Id, read!.Id);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_already_registered_nik_repeated_in_the_file_rejects_every_row_of_it_and_imports_the_rest()
    {
        var existing = await _operator.RegisterAsync(WorkerSamples.Valid());
        var again = new RegisterWorkerRequest(
            existing.Nik, existing.FullName, existing.BirthDate, existing.Sex, null, null, existing.Kecamatan, null, existing.OccupationCode, false);

        var import = await _operator.ImportAsync(ImportCsv.Of([again, WorkerSamples.Valid(), again, again with { FullName = "Someone Else" }]));

        Assert.Equal((WorkerImportStatus.Completed, 1, 3), (import.Status, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(["2: nik", "4: nik", "5: nik"], import.Rejections.Items.Summary());
        Assert.Equal($"Already registered as worker {existing.Id}.", import.Rejections.Items[0].Errors.Single().Reason);
        Assert.All(import.Rejections.Items.Skip(1), row => Assert.StartsWith("Duplicate of row 2,", row.Errors.Single().Reason, StringComparison.Ordinal));
        Assert.Equal(1, await registry.ScalarAsync<int>("SELECT attempts FROM worker_imports WHERE id = @id", ("id", import.Id)));
    }

    [Fact]
    public async Task Event_payloads_and_uploaded_files_are_stored_compressed_with_lz4()
    {
        var methods = await registry.ScalarAsync<string>("""
            SELECT string_agg(attrelid::regclass::text || '.' || attname || '=' || attcompression::text, ',' ORDER BY attrelid::regclass::text)
            FROM pg_attribute
            WHERE (attrelid, attname) IN (('outbox_messages'::regclass, 'payload'), ('worker_import_file_chunks'::regclass, 'content'))
            """);

        Assert.Equal("outbox_messages.payload=l,worker_import_file_chunks.content=l", methods);
    }

    private async Task<List<WorkersImported>> ImportedEventsAsync(Guid importId)
    {
        var payloads = await registry.ScalarAsync<string[]>(
            "SELECT coalesce(array_agg(payload::text), '{}') FROM outbox_messages WHERE message_type = @type AND payload->>'importId' = @id",
            ("type", OutboxMessage.TypeName(typeof(WorkersImported))), ("id", importId.ToString()));
        Assert.Equal(0L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages o JOIN workers w ON o.payload->>'workerId' = w.id::text WHERE w.import_id = @id", ("id", importId)));
        return [.. payloads.Select(p => JsonSerializer.Deserialize<WorkersImported>(p, JsonSerializerOptions.Web)!)];
    }

    private Task<long> CountRowsAsync() => registry.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log WHERE entity_type = 'worker')");
}
