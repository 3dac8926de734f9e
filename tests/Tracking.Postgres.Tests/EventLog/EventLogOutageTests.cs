using Tracking.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Tracking.Abstractions.Storage;
using Tracking.Persistence.EventLog;
using Tracking.Persistence.Schema;
using Tracking.Postgres.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.Postgres.Tests.EventLog;

/// <summary>The event log when its database is down, slow, or restarts: bounded failures, nothing half-stored, recovery.</summary>
public sealed class EventLogOutageTests(MigratedDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly PostgresEventLogOptions ShortDeadlines = new()
    {
        AppendTimeout = TimeSpan.FromSeconds(1.5),
        ConnectTimeout = TimeSpan.FromSeconds(1),
        CommandTimeout = TimeSpan.FromSeconds(1),
    };

    // The deadline plus generous scheduling slack on a busy 2-core machine; far below "hangs".
    private static readonly TimeSpan MaximumFailureTime = ShortDeadlines.AppendTimeout + TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Nothing_listening_fails_fast_with_unavailable()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Port = ClosedPort() }.ConnectionString;
        await using var log = new PostgresEventLog(connectionString, ShortDeadlines);
        var agent = Events.NewAgent();

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync(agent, 0, [Events.Call(agent)]));
        output.WriteLine($"append failed after {clock.ElapsedMilliseconds} ms: {error.Message}");
        Assert.True(clock.Elapsed < MaximumFailureTime, $"took {clock.Elapsed}");
        Assert.Equal(ShortDeadlines.RetryAfter, error.RetryAfter);
        Assert.Equal(1, log.FailedCommitCount);

        await Assert.ThrowsAsync<EventLogUnavailableException>(async () =>
        {
            await foreach (var _ in log.ReadAsync(agent, 0))
            {
            }
        });
    }

    [Fact]
    public async Task A_database_too_slow_for_the_deadline_fails_the_append_stores_nothing_and_the_writer_recovers()
    {
        await using var log = new PostgresEventLog(fixture.ConnectionString, ShortDeadlines);
        var agent = Events.NewAgent();
        var events = Events.Calls(agent, 3);
        Assert.Equal(3, (await log.AppendAsync(agent, 0, events)).LastSequence);

        // Another session holds the table for longer than the append deadline.
        await using var blocker = new NpgsqlConnection(fixture.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var more = Events.Calls(agent, 2);
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync(agent, 3, more));
        output.WriteLine($"append failed after {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < MaximumFailureTime, $"took {clock.Elapsed}");
        await transaction.RollbackAsync();

        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM event_log WHERE agent_id = $1", agent));
        var retry = await log.AppendAsync(agent, 3, more);
        Assert.Equal([true, true], retry.Accepted);
        Assert.Equal(5, retry.LastSequence);
    }

    [Fact]
    public async Task A_stopped_server_fails_appends_within_the_deadline_and_the_same_log_works_again_after_restart()
    {
        // A dedicated throwaway cluster, so stopping it disturbs no other test.
        var directory = Environment.GetEnvironmentVariable("TRACKING_TEST_PG_OUTAGE_DIR") ?? "/tmp/tracking-pg-outage-test";
        var port = int.Parse(Environment.GetEnvironmentVariable("TRACKING_TEST_PG_OUTAGE_PORT") ?? "55433", System.Globalization.CultureInfo.InvariantCulture);
        var connectionString = await TestPostgres.RunScriptAsync("start-local.sh", directory, port);
        try
        {
            await new SchemaMigrator(connectionString).MigrateAsync();
            await using var log = new PostgresEventLog(connectionString, ShortDeadlines);
            var agent = Events.NewAgent();
            Assert.Equal(1, (await log.AppendAsync(agent, 0, [Events.Call(agent)])).LastSequence);

            await TestPostgres.RunScriptAsync("stop-local.sh", directory, port);
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAsync<EventLogUnavailableException>(() => log.AppendAsync(agent, 1, [Events.Call(agent)]));
            output.WriteLine($"append to a stopped server failed after {clock.ElapsedMilliseconds} ms");
            Assert.True(clock.Elapsed < MaximumFailureTime, $"took {clock.Elapsed}");

            await TestPostgres.RunScriptAsync("start-local.sh", directory, port);
            var afterRestart = await log.AppendAsync(agent, 1, [Events.Call(agent), Events.Call(agent)]);
            Assert.Equal([true, true], afterRestart.Accepted);
            Assert.Equal(3, afterRestart.LastSequence);
            var sequences = new List<long>();
            await foreach (var logged in log.ReadAsync(agent, 0))
            {
                sequences.Add(logged.Sequence);
            }

            Assert.Equal([1L, 2, 3], sequences);
        }
        finally
        {
            await TestPostgres.RunScriptAsync("stop-local.sh", directory, port);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
