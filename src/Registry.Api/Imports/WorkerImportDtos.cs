using PijarSemar.Contracts.Paging;

namespace PijarSemar.Registry.WorkerImports;

public sealed record WorkerImportAccepted(Guid Id);

/// <summary>
/// One import and where it stands. <c>Accepted</c> and <c>Rejected</c> are known once it has
/// completed (the rows are committed all at once); <c>RowsDone</c> shows progress before that.
/// </summary>
public sealed record WorkerImportResponse(
    Guid Id,
    WorkerImportStatus Status,
    int TotalRows,
    int RowsDone,
    int? Accepted,
    int? Rejected,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Failure,
    Page<RejectedRow> Rejections);

public sealed record WorkerImportSummary(
    Guid Id,
    WorkerImportStatus Status,
    int TotalRows,
    int RowsDone,
    int? Accepted,
    int? Rejected,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>A rejected row: its spreadsheet row number (header = 1) and every field that failed, with the reason.</summary>
public sealed record RejectedRow(int Row, IReadOnlyList<RejectedField> Errors);

public sealed record RejectedField(string Field, string Reason);
