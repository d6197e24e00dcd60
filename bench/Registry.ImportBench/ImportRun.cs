using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.ImportBench;

internal sealed record ImportTiming(TimeSpan Upload, TimeSpan Processing, ImportRecord Import)
{
    public TimeSpan Total => Upload + Processing;
}

/// <summary>
/// Runs an import through the classes the endpoint and the background runner use: the upload
/// check and store (<see cref="WorkerImportIntake"/>), then the import job as its runner tries it.
/// </summary>
internal sealed class ImportRun(NpgsqlDataSource dataSource) : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(typeof(WorkerImportProcessor).FullName, LogLevel.Information))
        .AddSingleton(dataSource)
        .AddSingleton(TimeProvider.System)
        .AddSingleton<OutboxSignal>()
        .AddSingleton<ReferenceDataCache>()
        .AddSingleton<SemarangCalendar>()
        .AddWorkerImportProcessing()
        .BuildServiceProvider();

    public async Task<ImportTiming> ImportAsync(byte[] csv)
    {
        var elapsed = Stopwatch.StartNew();
        var upload = await _services.GetRequiredService<WorkerImportIntake>().AcceptAsync(new MemoryStream(csv), "import-bench", CancellationToken.None);
        var uploaded = elapsed.Elapsed;
        if (upload.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The upload was refused: {refusal.Title} {refusal.Detail}");
        }

        var result = await _services.GetRequiredService<BackgroundJobExecutor<WorkerImportJob>>()
            .TryRunAsync(WorkerImportJob.KeyOf(upload.ImportId!.Value), CancellationToken.None);
        var processed = elapsed.Elapsed - uploaded;
        if (result != JobRunResult.Completed)
        {
            throw new InvalidOperationException($"The import ended {result}.");
        }

        var import = await _services.GetRequiredService<WorkerImportQueries>().FindAsync(upload.ImportId.Value, CancellationToken.None);
        return new ImportTiming(uploaded, processed, import!);
    }

    public void Dispose() => _services.Dispose();
}
