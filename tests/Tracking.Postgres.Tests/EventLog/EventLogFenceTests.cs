using Tracking.Abstractions.Storage;
using Tracking.Persistence.EventLog;
using Tracking.Postgres.Tests.Infrastructure;

namespace Tracking.Postgres.Tests.EventLog;

/// <summary>
/// The writer usually reads nothing before it copies: each agent's last sequence comes from its cache and event
/// ids are not looked up. These tests make the cache wrong or an id stored already and check that the table's
/// unique constraints catch it and the batch is decided again, with the same answers as a lookup would give.
/// </summary>
public sealed class EventLogFenceTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private PostgresEventLog CreateLog(PostgresEventLogOptions? options = null) => new(fixture.ConnectionString, options);

    [Fact]
    public async Task A_cached_last_sequence_left_behind_by_another_writer_is_caught_and_read_again()
    {
        // Two logs stand for two silos that both believe they own the agent.
        await using var node1 = CreateLog();
        await using var node2 = CreateLog();
        var agent = Events.NewAgent();
        Assert.Equal(1, (await node1.AppendAsync(agent, 0, [Events.Call(agent)])).LastSequence); // node1 caches 1
        Assert.Equal(2, (await node2.AppendAsync(agent, 1, [Events.Call(agent)])).LastSequence);

        // node1's cache and its caller agree on 1, so it copies sequence 2 without reading: the COPY collides.
        var late = Events.Call(agent);
        var conflict = await Assert.ThrowsAsync<EventLogSequenceConflictException>(() => node1.AppendAsync(agent, 1, [late]));
        Assert.Equal(1, conflict.ProvidedLastSequence);
        Assert.Equal(2, conflict.StoredLastSequence);
        Assert.Equal(1, node1.RetriedCommitCount);

        // It now knows 2: an append after it is stored without another collision.
        var next = await node1.AppendAsync(agent, 2, [late]);
        Assert.Equal([true], next.Accepted);
        Assert.Equal(3, next.LastSequence);
        Assert.Equal(1, node1.RetriedCommitCount);
        Assert.Equal([1L, 2, 3], await SequencesAsync(node1, agent));
    }

    [Fact]
    public async Task An_append_that_names_another_last_sequence_than_the_cache_is_checked_against_the_table()
    {
        await using var node1 = CreateLog();
        await using var node2 = CreateLog();
        var agent = Events.NewAgent();
        await node1.AppendAsync(agent, 0, [Events.Call(agent)]); // node1 caches 1
        await node2.AppendAsync(agent, 1, [Events.Call(agent), Events.Call(agent)]);

        // The caller re-read the log and names 3: the cache (1) is not taken as the truth, the table is read.
        var result = await node1.AppendAsync(agent, 3, [Events.Call(agent)]);
        Assert.Equal(4, result.LastSequence);
        Assert.Equal(0, node1.RetriedCommitCount);

        // A caller behind the table is refused with the stored value, not the cached one.
        var conflict = await Assert.ThrowsAsync<EventLogSequenceConflictException>(() => node2.AppendAsync(agent, 3, [Events.Call(agent)]));
        Assert.Equal(4, conflict.StoredLastSequence);
        Assert.Equal([1L, 2, 3, 4], await SequencesAsync(node1, agent));
    }

    [Fact]
    public async Task An_event_id_found_stored_by_the_copy_is_a_duplicate_and_the_rest_of_the_append_is_stored()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();
        var stored = Events.Call(agent);
        await log.AppendAsync(agent, 0, [stored]);

        var result = await log.AppendAsync(agent, 1, [Events.Call(agent), stored, Events.Call(agent)]);
        Assert.Equal([true, false, true], result.Accepted);
        Assert.Equal(3, result.LastSequence);
        Assert.Equal(1, log.RetriedCommitCount); // the first COPY collided and was rolled back

        // Duplicates come in runs (retried requests): the next commits look ids up first instead of colliding.
        var again = await log.AppendAsync(agent, 3, [stored, Events.Call(agent)]);
        Assert.Equal([false, true], again.Accepted);
        Assert.Equal(4, again.LastSequence);
        Assert.Equal(1, log.RetriedCommitCount);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM event_log WHERE event_id = $1", stored.EventId));
        Assert.Equal([1L, 2, 3, 4], await SequencesAsync(log, agent));
    }

    [Fact]
    public async Task Without_the_cache_every_append_reads_its_agent_and_still_commits_once()
    {
        await using var log = CreateLog(new PostgresEventLogOptions { SequenceCacheCapacity = 0 });
        var agent = Events.NewAgent();
        long last = 0;
        for (var i = 0; i < 3; i++)
        {
            last = (await log.AppendAsync(agent, last, Events.Calls(agent, 2))).LastSequence;
        }

        Assert.Equal(6, last);
        Assert.Equal(3, log.CommitCount);
        Assert.Equal(0, log.RetriedCommitCount);
        Assert.Equal([1L, 2, 3, 4, 5, 6], await SequencesAsync(log, agent));
    }

    private static async Task<List<long>> SequencesAsync(IEventLog log, string agent)
    {
        var sequences = new List<long>();
        await foreach (var logged in log.ReadAsync(agent, 0))
        {
            sequences.Add(logged.Sequence);
        }

        return sequences;
    }
}
