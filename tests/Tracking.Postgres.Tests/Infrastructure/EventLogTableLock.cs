using Npgsql;

namespace Tracking.Postgres.Tests.Infrastructure;

/// <summary>
/// Another session holding a lock on event_log, to make the writer wait at a known point: ACCESS EXCLUSIVE stops
/// it at its first lookup, SHARE lets it look up and stops it at its COPY.
/// </summary>
internal sealed class EventLogTableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private EventLogTableLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<EventLogTableLock> AcquireAsync(string connectionString, string mode = "ACCESS EXCLUSIVE")
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockTable = new NpgsqlCommand($"LOCK TABLE event_log IN {mode} MODE", connection, transaction);
        await lockTable.ExecuteNonQueryAsync();
        return new EventLogTableLock(connection, transaction);
    }

    /// <summary>Waits until <paramref name="sessions"/> other sessions are blocked on the lock.</summary>
    public async Task WaitForBlockedSessionsAsync(int sessions)
    {
        await using var probe = new NpgsqlConnection(_connection.ConnectionString);
        await probe.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(DISTINCT pid) FROM pg_locks
             WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND relation = 'event_log'::regclass AND NOT granted
            """, probe);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((long)(await count.ExecuteScalarAsync())! < sessions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {sessions} sessions waited for the event_log lock.");
            }

            await Task.Delay(10);
        }
    }

    public async Task ReleaseAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
