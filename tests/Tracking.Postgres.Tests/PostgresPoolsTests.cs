using Npgsql;
using Tracking.Persistence;

namespace Tracking.Postgres.Tests;

public sealed class PostgresPoolsTests
{
    [Theory]
    [InlineData("Host=db;Database=t", 16)]
    [InlineData("Host=db;Database=t;Maximum Pool Size=30", 30)]
    [InlineData("Host=db;Database=t;maximum pool size=7", 7)]
    public void A_pool_is_bounded_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        var limited = PostgresPools.LimitUnlessSet(connectionString, 16);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(limited).MaxPoolSize);
    }
}
