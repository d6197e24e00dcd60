using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// The dispatcher's short transactions on <c>outbox_messages</c>: take a lease on due rows, then
/// record how their publishes went. Nothing is held open while messages are on their way.
/// </summary>
internal sealed class OutboxLeases(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> due rows to <paramref name="owner"/>. SKIP LOCKED lets
    /// several dispatchers claim at once without waiting on, or taking, each other's rows; the
    /// lease also moves <c>next_attempt_at</c> to its end, so the rows of a dispatcher that dies
    /// come due again by themselves.
    /// </summary>
    public async Task<List<LeasedMessage>> ClaimAsync(Guid owner, int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE outbox_messages o
            SET locked_until = now() + @lease, next_attempt_at = now() + @lease, lease_owner = @owner
            FROM (SELECT position
                  FROM outbox_messages
                  WHERE published_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
                  ORDER BY next_attempt_at, position
                  LIMIT @limit
                  FOR UPDATE SKIP LOCKED) AS due
            WHERE o.position = due.position
            RETURNING o.id, o.message_type, o.payload::text, o.attempts, o.traceparent
            """);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("limit", limit);
        var leased = new List<LeasedMessage>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            leased.Add(new LeasedMessage(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return leased;
    }

    /// <summary>
    /// Marks the sent rows published and reschedules, or sets aside as dead, the others, in one
    /// transaction. A sent row is marked whoever holds it now (it was sent); a failed one only
    /// while this dispatcher still holds its lease, so a late answer never undoes another's work.
    /// </summary>
    public async Task CompleteAsync(Guid owner, IReadOnlyCollection<Guid> published, IReadOnlyCollection<FailedMessage> failed, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (published.Count > 0)
        {
            await using var command = new NpgsqlCommand("""
                UPDATE outbox_messages
                SET published_at = now(), locked_until = NULL, lease_owner = NULL, last_error = NULL
                WHERE id = ANY(@ids) AND published_at IS NULL
                """, connection, transaction);
            command.Parameters.AddWithValue("ids", published.ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }

        if (failed.Count > 0)
        {
            await using var command = new NpgsqlCommand("""
                UPDATE outbox_messages o
                SET attempts = f.attempts, next_attempt_at = now() + f.retry_after, last_error = coalesce(f.error, o.last_error),
                    dead_at = CASE WHEN f.dead THEN now() END, locked_until = NULL, lease_owner = NULL
                FROM unnest(@ids, @attempts, @retry_after, @errors, @dead) AS f(id, attempts, retry_after, error, dead)
                WHERE o.id = f.id AND o.lease_owner = @owner AND o.published_at IS NULL
                """, connection, transaction);
            command.Parameters.AddWithValue("ids", failed.Select(f => f.Id).ToArray());
            command.Parameters.AddWithValue("attempts", failed.Select(f => f.Attempts).ToArray());
            command.Parameters.AddWithValue("retry_after", failed.Select(f => f.RetryAfter).ToArray());
            command.Parameters.AddWithValue("errors", failed.Select(f => f.Error).ToArray());
            command.Parameters.AddWithValue("dead", failed.Select(f => f.Dead).ToArray());
            command.Parameters.AddWithValue("owner", owner);
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}

internal sealed record LeasedMessage(Guid Id, string MessageType, string Payload, int Attempts, string? TraceParent);

/// <summary>What to write back for a row that was not sent: its failure count, when to try again, and whether never to.</summary>
internal sealed record FailedMessage(Guid Id, int Attempts, TimeSpan RetryAfter, string? Error, bool Dead);
