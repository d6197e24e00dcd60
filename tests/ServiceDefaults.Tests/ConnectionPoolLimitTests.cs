using Microsoft.Extensions.Configuration;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class ConnectionPoolLimitTests
{
    private const string Plain = "Host=db;Database=registry;Username=registry";

    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_default_bound_not_npgsqls_hundred() =>
        Assert.Equal(ConnectionPoolLimit.DefaultMaxPoolSize, MaxPoolSize(ConnectionPoolLimit.Apply(Plain, Settings())));

    [Fact]
    public void The_bound_comes_from_the_database_setting_when_given() =>
        Assert.Equal(7, MaxPoolSize(ConnectionPoolLimit.Apply(Plain, Settings(("Database:MaxPoolSize", "7")))));

    [Theory]
    [InlineData("Maximum Pool Size=50")]
    [InlineData("MaxPoolSize=50")]
    [InlineData("maximum pool size=50")]
    public void A_pool_size_the_connection_string_names_is_kept(string size) =>
        Assert.Equal(50, MaxPoolSize(ConnectionPoolLimit.Apply($"{Plain};{size}", Settings(("Database:MaxPoolSize", "7")))));

    [Fact]
    public void A_pool_of_no_connections_is_refused_at_start() =>
        Assert.Throws<InvalidOperationException>(() => ConnectionPoolLimit.Apply(Plain, Settings(("Database:MaxPoolSize", "0"))));

    private static int MaxPoolSize(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
