using Npgsql;

namespace Tracking.Persistence;

/// <summary>
/// Connection pool sizes. Npgsql's default of 100 per pool would let one node (an Orleans pool and the event
/// log's pool) open 200 connections, past a stock PostgreSQL's <c>max_connections</c> of 100: activations
/// after a restart then fail with "too many clients". A bounded pool makes callers queue instead.
/// Sizing rule: nodes × (Orleans pool + event-log pool) must stay below the server's <c>max_connections</c>.
/// </summary>
public static class PostgresPools
{
    public const int DefaultOrleansPoolSize = 16;

    private static readonly string[] PoolSizeKeywords = ["maximum pool size", "maxpoolsize"];

    /// <summary>Sets <c>Maximum Pool Size</c> to <paramref name="size"/> unless <paramref name="original"/> chose one.</summary>
    public static void LimitUnlessSet(NpgsqlConnectionStringBuilder builder, string original, int size)
    {
        // Npgsql's own builder reports every known keyword as present; the plain one knows what was written.
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = original };
        if (!PoolSizeKeywords.Any(written.ContainsKey)) builder.MaxPoolSize = size;
    }

    public static string LimitUnlessSet(string connectionString, int size)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        LimitUnlessSet(builder, connectionString, size);
        return builder.ConnectionString;
    }
}
