using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Deletes published rows older than <c>Outbox:KeepPublished</c>, a batch per statement until a
/// batch comes back short, so no statement holds a long transaction. Dead rows are never
/// published and so never deleted: they wait for a person.
/// </summary>
internal sealed class OutboxCleanup(NpgsqlDataSource dataSource)
{
    public async Task<(long Deleted, int Statements)> DeletePublishedAsync(TimeSpan keep, int batchSize, CancellationToken ct)
    {
        long deleted = 0;
        var statements = 0;
        int batch;
        do
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM outbox_messages
                WHERE position IN (SELECT position FROM outbox_messages WHERE published_at < now() - @keep LIMIT @batch)
                """);
            command.Parameters.AddWithValue("keep", keep);
            command.Parameters.AddWithValue("batch", batchSize);
            batch = await command.ExecuteNonQueryAsync(ct);
            deleted += batch;
            statements++;
        }
        while (batch == batchSize);

        return (deleted, statements);
    }
}
