using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.ServiceDefaults.Idempotency;

/// <summary>The <c>idempotency_keys</c> table of the service's own database.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, IOptions<IdempotencyOptions> options)
{
    /// <summary>Takes the key for this request, or says why not: answered before, running, or used for another request.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string subject, string key, string endpoint, byte[] requestHash, CancellationToken ct)
    {
        // A key past its retention, or left pending by a replica that stopped, is taken over as if new.
        await using (var claim = dataSource.CreateCommand("""
            INSERT INTO idempotency_keys (subject, key, endpoint, request_hash)
            VALUES (@subject, @key, @endpoint, @hash)
            ON CONFLICT (subject, key) DO UPDATE
               SET endpoint = EXCLUDED.endpoint, request_hash = EXCLUDED.request_hash, status_code = NULL,
                   content_type = NULL, location = NULL, response_body = NULL, created_at = now(), completed_at = NULL
             WHERE idempotency_keys.created_at < now() - @retention
                OR (idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - @pending_timeout)
            RETURNING 1
            """))
        {
            AddKey(claim, subject, key);
            claim.Parameters.AddWithValue("endpoint", endpoint);
            claim.Parameters.AddWithValue("hash", requestHash);
            claim.Parameters.AddWithValue("retention", options.Value.Retention);
            claim.Parameters.AddWithValue("pending_timeout", options.Value.PendingTimeout);
            if (await claim.ExecuteScalarAsync(ct) is not null)
            {
                return IdempotencyClaim.Claimed;
            }
        }

        await using var read = dataSource.CreateCommand("""
            SELECT request_hash, status_code, content_type, location, response_body
              FROM idempotency_keys WHERE subject = @subject AND key = @key
            """);
        AddKey(read, subject, key);
        await using var reader = await read.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            // Deleted by the clean-up between the two statements: the key is free again.
            await reader.DisposeAsync();
            return await ClaimAsync(subject, key, endpoint, requestHash, ct);
        }

        if (await reader.IsDBNullAsync(1, ct))
        {
            return IdempotencyClaim.InProgress;
        }

        if (!reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(requestHash))
        {
            return IdempotencyClaim.OtherRequest;
        }

        return IdempotencyClaim.Answered(new StoredAnswer(
            reader.GetInt32(1),
            await reader.IsDBNullAsync(2, ct) ? null : reader.GetString(2),
            await reader.IsDBNullAsync(3, ct) ? null : reader.GetString(3),
            reader.GetFieldValue<byte[]>(4)));
    }

    public async Task CompleteAsync(string subject, string key, StoredAnswer answer, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotency_keys
               SET status_code = @status, content_type = @content_type, location = @location, response_body = @body, completed_at = now()
             WHERE subject = @subject AND key = @key AND status_code IS NULL
            """);
        AddKey(command, subject, key);
        command.Parameters.AddWithValue("status", answer.StatusCode);
        command.Parameters.Add(new NpgsqlParameter("content_type", NpgsqlDbType.Text) { Value = (object?)answer.ContentType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("location", NpgsqlDbType.Text) { Value = (object?)answer.Location ?? DBNull.Value });
        command.Parameters.AddWithValue("body", answer.Body);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Frees a key whose request failed with nothing worth replaying (a 5xx), so a retry runs it again.</summary>
    public async Task ReleaseAsync(string subject, string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotency_keys WHERE subject = @subject AND key = @key AND status_code IS NULL");
        AddKey(command, subject, key);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes one batch of keys past their retention; returns how many.</summary>
    public async Task<int> DeleteExpiredBatchAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM idempotency_keys
             WHERE (subject, key) IN (SELECT subject, key FROM idempotency_keys
                                       WHERE created_at < now() - @retention
                                       ORDER BY created_at LIMIT @batch)
            """);
        command.Parameters.AddWithValue("retention", options.Value.Retention);
        command.Parameters.AddWithValue("batch", options.Value.CleanupBatchSize);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddKey(NpgsqlCommand command, string subject, string key)
    {
        command.Parameters.AddWithValue("subject", subject);
        command.Parameters.AddWithValue("key", key);
    }
}

/// <summary>The answer given to the first request with a key.</summary>
public sealed record StoredAnswer(int StatusCode, string? ContentType, string? Location, byte[] Body);

public sealed record IdempotencyClaim(IdempotencyClaimKind Kind, StoredAnswer? Answer = null)
{
    public static readonly IdempotencyClaim Claimed = new(IdempotencyClaimKind.Claimed);
    public static readonly IdempotencyClaim InProgress = new(IdempotencyClaimKind.InProgress);
    public static readonly IdempotencyClaim OtherRequest = new(IdempotencyClaimKind.OtherRequest);

    public static IdempotencyClaim Answered(StoredAnswer answer) => new(IdempotencyClaimKind.Answered, answer);
}

public enum IdempotencyClaimKind
{
    Claimed,
    InProgress,
    OtherRequest,
    Answered,
}
