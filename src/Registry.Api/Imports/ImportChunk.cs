using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>One checked worker of an import: its spreadsheet row and the id it will have.</summary>
internal sealed record ChunkWorker(int Row, Guid Id, NewWorker Worker);

/// <summary>A row's reason for not being imported, found in C# (the rules, or a NIK repeated in the file).</summary>
internal sealed record ChunkRejection(int Row, FieldProblem Problem);

/// <summary>
/// The rows read since the last chunk was written: up to <see cref="WorkerImportSql.ChunkSize"/>
/// checked workers, in file order, and the rejections found among them.
/// </summary>
internal sealed class ImportChunk
{
    public List<ChunkWorker> Workers { get; } = new(WorkerImportSql.ChunkSize);
    public List<ChunkRejection> Rejections { get; } = [];

    public bool IsFull => Workers.Count >= WorkerImportSql.ChunkSize;
    public bool IsEmpty => Workers.Count == 0 && Rejections.Count == 0;
}
