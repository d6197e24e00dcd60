using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.ServiceDefaults.Messaging;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Messaging;

public sealed class TransientErrorsTests
{
    public static TheoryData<string> TransientStates => ["08006", "08001", "53300", "57P01", "57P03", "40001", "40P01", "55P03"];

    public static TheoryData<string> PermanentStates => ["23505", "23514", "23503", "22P02", "42P01", "42703"];

    [Theory]
    [MemberData(nameof(TransientStates))]
    public void A_connection_shutdown_or_concurrency_failure_is_transient(string sqlState) =>
        Assert.True(TransientErrors.IsTransient(new PostgresException("failed", "ERROR", "ERROR", sqlState)));

    [Theory]
    [MemberData(nameof(PermanentStates))]
    public void A_violated_constraint_or_a_bad_statement_is_permanent(string sqlState) =>
        Assert.False(TransientErrors.IsTransient(new PostgresException("failed", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void An_unreachable_database_is_transient_also_when_ef_wraps_it()
    {
        var unreachable = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(TransientErrors.IsTransient(unreachable));
        Assert.True(TransientErrors.IsTransient(new DbUpdateException("An error occurred while saving", unreachable)));
        Assert.True(TransientErrors.IsTransient(new InvalidOperationException("transient failure", new TimeoutException())));
    }

    [Fact]
    public void A_unique_violation_wrapped_by_ef_is_permanent_and_so_is_a_bug()
    {
        Assert.False(TransientErrors.IsTransient(new DbUpdateException("saving", new PostgresException("dup", "ERROR", "ERROR", "23505"))));
        Assert.False(TransientErrors.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientErrors.IsTransient(new NpgsqlException("protocol error")));
    }
}
