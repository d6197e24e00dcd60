using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Registry.WorkerImports;

public static class WorkerImportsApi
{
    private const string UploadDescription = """
        Body: a CSV file (Content-Type text/csv), UTF-8 (a byte order mark is ignored), separated by
        commas or by semicolons (taken from the header row). The header row names the columns, in any
        order and any letter case: nik, fullName, birthDate, sex and kecamatan are required; phone,
        address, kelurahan, occupationCode and p3keListed are optional. birthDate is yyyy-MM-dd or
        dd/MM/yyyy; sex is Male or Female; p3keListed is true/false, ya/tidak or 1/0 (empty = false).
        Each row is checked with the same rules as POST /api/v1/workers. A malformed file (not UTF-8
        text, unknown or missing columns, no data rows, too large) is refused and nothing is stored.
        """;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/v1/worker-imports").WithTags("Worker imports");

        imports.MapPost("/", UploadImport)
            .WithName("UploadWorkerImport")
            .WithSummary("Upload a CSV list of workers (columns nik, fullName, birthDate, sex, kecamatan, phone, address, kelurahan, occupationCode, p3keListed); 202 with the import id, processed in the background.")
            .WithDescription(UploadDescription)
            .Accepts<string>("text/csv", "application/csv")
            .RequireAuthorization(Policies.RegistryWrite)
            .RequireRateLimiting(ServiceDefaults.RateLimiting.RateLimitPolicies.Import);

        imports.MapGet("/", ListImports)
            .WithName("ListWorkerImports")
            .WithSummary("Imports, newest first; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.WorkerImportsRead);

        imports.MapGet("/{id:guid}", GetImport)
            .WithName("GetWorkerImport")
            .WithSummary("Status, progress, counts, who uploaded and when, and the first page of rejected rows (row number, field, reason).")
            .RequireAuthorization(Policies.WorkerImportsRead);

        imports.MapGet("/{id:guid}/rejections", GetRejections)
            .WithName("GetWorkerImportRejections")
            .WithSummary("Rejected rows in file order; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.WorkerImportsRead);

        imports.MapGet("/{id:guid}/rejections.csv", DownloadRejections)
            .WithName("DownloadWorkerImportRejections")
            .WithSummary("The rejected rows as uploaded, plus row, field and reason columns: correct them and upload the file again.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .RequireAuthorization(Policies.WorkerImportsRead);

        imports.MapPost("/{id:guid}/retry", RetryImport)
            .WithName("RetryWorkerImport")
            .WithSummary("Queue a Failed import again, with fresh attempts (audited); 409 if it has not failed or its file is past the retention period.")
            .RequireAuthorization(Policies.RegistryWrite);

        return app;
    }

    public static async Task<Accepted<WorkerImportAccepted>> RetryImport(Guid id, WorkerImportRetry retry, CurrentActor actor, CancellationToken ct)
    {
        await retry.RetryAsync(id, actor.Subject, ct);
        return TypedResults.Accepted($"/api/v1/worker-imports/{id}", new WorkerImportAccepted(id));
    }

    public static async Task<Results<Accepted<WorkerImportAccepted>, ValidationProblem, ProblemHttpResult>> UploadImport(
        HttpContext context, WorkerImportIntake intake, CurrentActor actor, IOptions<WorkerImportOptions> options, CancellationToken ct)
    {
        if (!IsUtf8Csv(context.Request.ContentType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The upload must be a CSV file.",
                detail: "Send the file with Content-Type text/csv, encoded as UTF-8.");
        }

        var maxBytes = options.Value.MaxUploadBytes;
        var result = context.Request.ContentLength > maxBytes
            ? UploadResult.TooLarge(maxBytes)
            : await AcceptAsync(context, intake, actor.Subject, maxBytes, ct);
        return result.Refusal switch
        {
            null => TypedResults.Accepted($"/api/v1/worker-imports/{result.ImportId}", new WorkerImportAccepted(result.ImportId!.Value)),
            { Errors: { } errors } refusal => TypedResults.ValidationProblem(errors, refusal.Detail, title: refusal.Title),
            var refusal => TypedResults.Problem(statusCode: refusal.StatusCode, title: refusal.Title, detail: refusal.Detail),
        };
    }

    public static async Task<Ok<Page<WorkerImportSummary>>> ListImports(
        string? cursor, int? limit, WorkerImportQueries queries, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var before = KeysetPage.Position(cursor, WorkerImportQueries.ImportsList);
        return TypedResults.Ok(await queries.ListAsync(before, size, ct));
    }

    public static async Task<Ok<WorkerImportResponse>> GetImport(Guid id, WorkerImportQueries queries, CancellationToken ct)
    {
        var import = await FindAsync(queries, id, ct);
        return TypedResults.Ok(import.ToResponse(await queries.RejectionsAsync(id, 0, KeysetPage.DefaultLimit, ct)));
    }

    public static async Task<Ok<Page<RejectedRow>>> GetRejections(
        Guid id, string? cursor, int? limit, WorkerImportQueries queries, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var afterRow = KeysetPage.Position(cursor, WorkerImportQueries.RejectionsList(id)) ?? 0;
        await FindAsync(queries, id, ct);
        return TypedResults.Ok(await queries.RejectionsAsync(id, (int)Math.Min(afterRow, int.MaxValue), size, ct));
    }

    public static async Task<PushStreamHttpResult> DownloadRejections(
        Guid id, WorkerImportQueries queries, RejectedRowsCsv report, CancellationToken ct)
    {
        var import = await FindAsync(queries, id, ct);
        if (import.Status != WorkerImportStatus.Completed)
        {
            throw new ConflictException(
                "The import has not completed.", $"Import {id} is {import.Status}; its rejected rows are known once it has completed.");
        }

        return TypedResults.Stream(
            body => report.WriteAsync(id, body, ct),
            "text/csv; charset=utf-8",
            $"worker-import-{id}-rejected-rows.csv");
    }

    private static Task<UploadResult> AcceptAsync(
        HttpContext context, WorkerImportIntake intake, string uploadedBy, long maxBytes, CancellationToken ct)
    {
        // Kestrel's default limit (30 MB) would cut off a list the import limit allows.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes + 1;
        }

        return intake.AcceptAsync(context.Request.Body, uploadedBy, ct);
    }

    private static async Task<ImportRecord> FindAsync(WorkerImportQueries queries, Guid id, CancellationToken ct) =>
        await queries.FindAsync(id, ct) ?? throw new NotFoundException("Import not found.", $"No worker import has id {id}.");

    private static bool IsUtf8Csv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/csv", StringComparison.OrdinalIgnoreCase))
        && (mediaType.Charset.Length == 0 || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
