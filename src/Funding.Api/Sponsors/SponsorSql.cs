using Npgsql;
using NpgsqlTypes;
using PijarSemar.ServiceDefaults.Auditing;

namespace PijarSemar.Funding.Sponsors;

/// <summary>Small helpers for the hand-written SQL of sponsors: commands with parameters, and audit entries.</summary>
internal static class SponsorSql
{
    public const string SponsorColumns = "id, seq, type, identifier, name, unit, active, version, created_at, updated_at";

    public static NpgsqlCommand Command(
        this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            // A null filter still needs a type, or PostgreSQL cannot plan "@unit IS NULL".
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }

        return command;
    }

    /// <summary>Reads a row selected with <see cref="SponsorColumns"/>.</summary>
    public static (SponsorResponse Sponsor, long Seq) ReadSponsor(this NpgsqlDataReader reader) => (
        new SponsorResponse(
            reader.GetGuid(0),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetBoolean(6),
            reader.GetInt64(7),
            reader.GetFieldValue<DateTimeOffset>(8),
            reader.GetFieldValue<DateTimeOffset>(9)),
        reader.GetInt64(1));

    /// <summary>Writes an audit entry in the caller's transaction, so it commits with the change or not at all.</summary>
    public static async Task AuditAsync(this NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO audit_log (entity_type, entity_id, action, actor, at, before, after) VALUES (@type, @id, @action, @actor, @at, @before, @after)",
            transaction,
            ("type", entry.EntityType), ("id", entry.EntityId), ("action", entry.Action), ("actor", entry.Actor), ("at", entry.At));
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Jsonb) { Value = (object?)entry.Before ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Jsonb) { Value = (object?)entry.After ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
