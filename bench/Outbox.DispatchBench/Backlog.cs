using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Outbox.DispatchBench;

/// <summary>The outbox as a 250,000-worker import leaves it: one WorkerRegistered row per worker, with the payload the import writes.</summary>
internal static class Backlog
{
    public static async Task InsertAsync(NpgsqlDataSource dataSource, int rows)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO outbox_messages (id, message_type, payload, occurred_at, next_attempt_at, traceparent)
            SELECT gen_random_uuid(), @message_type,
                   jsonb_build_object(
                       'workerId', gen_random_uuid(),
                       'occupationCode', (ARRAY['tukang-becak', 'sopir-angkot', 'pengemudi-ojek', 'pemulung', 'nelayan', 'juru-parkir'])[1 + n % 6],
                       'kecamatan', (ARRAY['Semarang Tengah', 'Genuk', 'Pedurungan', 'Tembalang', 'Banyumanik', 'Tugu'])[1 + n % 6],
                       'p3keListed', n % 5 = 0,
                       'registeredAt', now()),
                   now(), now(), '00-' || md5(n::text) || '-' || left(md5((n + 1)::text), 16) || '-01'
            FROM generate_series(1, @rows) AS n
            """);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("message_type", OutboxMessage.TypeName(typeof(WorkerRegistered)));
        command.Parameters.AddWithValue("rows", rows);
        await command.ExecuteNonQueryAsync();
        await using var analyze = dataSource.CreateCommand("ANALYZE outbox_messages");
        await analyze.ExecuteNonQueryAsync();
    }

    public static async Task<long> PendingAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL AND dead_at IS NULL");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> DeadAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM outbox_messages WHERE dead_at IS NOT NULL");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
