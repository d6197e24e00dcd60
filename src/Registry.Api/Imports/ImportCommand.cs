using Npgsql;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>Statements of an import on its connection and transaction, without a time limit: a large import runs for minutes.</summary>
internal static class ImportCommand
{
    public static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    /// <summary>One statement of an <see cref="NpgsqlBatch"/>, which carries the time limit for all of them.</summary>
    public static NpgsqlBatchCommand Batched(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, parameters);
        return command;
    }

    private static NpgsqlCommand Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        AddParameters(command.Parameters, parameters);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection target, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            target.AddWithValue(name, value);
        }
    }
}
