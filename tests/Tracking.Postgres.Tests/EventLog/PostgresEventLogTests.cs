using Tracking.TestSupport;
using Stopwatch = System.Diagnostics.Stopwatch;
using Npgsql;
using Tracking.Abstractions.Storage;
using Tracking.Domain;
using Tracking.Persistence.EventLog;
using Tracking.Postgres.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.Postgres.Tests.EventLog;

public sealed class PostgresEventLogTests(MigratedDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<MigratedDatabaseFixture>
{
    private PostgresEventLog CreateLog(PostgresEventLogOptions? options = null) => new(fixture.ConnectionString, options);

    [Fact]
    public async Task Accepts_new_events_with_consecutive_sequences_and_reads_them_back_in_order()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();
        var first = Events.Calls(agent, 3);
        var second = Events.Calls(agent, 2);

        var r1 = await log.AppendAsync(agent, 0, first);
        var r2 = await log.AppendAsync(agent, r1.LastSequence, second);

        Assert.Equal([true, true, true], r1.Accepted);
        Assert.Equal(3, r1.LastSequence);
        Assert.Equal([true, true], r2.Accepted);
        Assert.Equal(5, r2.LastSequence);
        Assert.True(log.IsDurable);

        var read = await ReadAllAsync(log, agent, 0);
        Assert.Equal([1L, 2, 3, 4, 5], read.Select(e => e.Sequence));
        Assert.Equal(first.Concat(second), read.Select(e => e.Event));
        Assert.All(read, e => Assert.InRange(e.RecordedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));

        var tail = await ReadAllAsync(log, agent, 3);
        Assert.Equal([4L, 5], tail.Select(e => e.Sequence));
        Assert.Empty(await ReadAllAsync(log, agent, 5));
        Assert.Empty(await ReadAllAsync(log, Events.NewAgent(), 0));
    }

    [Fact]
    public async Task An_event_id_already_stored_is_a_duplicate_for_every_agent_and_is_not_stored_again()
    {
        await using var log = CreateLog();
        var agentA = Events.NewAgent();
        var agentB = Events.NewAgent();
        var shared = Events.NewId();

        var r1 = await log.AppendAsync(agentA, 0, [Events.Call(agentA, shared)]);
        var r2 = await log.AppendAsync(agentA, 1, [Events.Call(agentA, shared), Events.Call(agentA)]);
        var r3 = await log.AppendAsync(agentB, 0, [Events.Call(agentB, shared)]);

        Assert.Equal([true], r1.Accepted);
        Assert.Equal([false, true], r2.Accepted);
        Assert.Equal(2, r2.LastSequence);
        Assert.Equal(1, r2.DuplicateCount);
        Assert.Equal([false], r3.Accepted);
        Assert.Equal(0, r3.LastSequence);
        Assert.Empty(await ReadAllAsync(log, agentB, 0));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM event_log WHERE event_id = $1", shared));
    }

    [Fact]
    public async Task The_same_event_id_twice_in_one_append_is_accepted_once()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();
        var id = Events.NewId();

        var result = await log.AppendAsync(agent, 0, [Events.Call(agent, id), Events.Call(agent), Events.Call(agent, id)]);

        Assert.Equal([true, true, false], result.Accepted);
        Assert.Equal(2, result.LastSequence);
        Assert.Equal([1L, 2], (await ReadAllAsync(log, agent, 0)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Two_agents_sending_the_same_event_id_in_one_group_commit_first_one_wins()
    {
        await using var log = CreateLog();
        var agentA = Events.NewAgent();
        var agentB = Events.NewAgent();
        var shared = Events.NewId();

        var (results, commits) = await InOneGroupCommitAsync(log,
            (agentA, 0, [Events.Call(agentA, shared), Events.Call(agentA)]),
            (agentB, 0, [Events.Call(agentB), Events.Call(agentB, shared)]));

        Assert.Equal(1, commits);
        Assert.Equal([true, true], results[0].Result.Accepted);
        Assert.Equal(2, results[0].Result.LastSequence);
        Assert.Equal([true, false], results[1].Result.Accepted);
        Assert.Equal(1, results[1].Result.LastSequence);
        Assert.Equal(agentA, await fixture.Database.ScalarAsync<string>("SELECT agent_id FROM event_log WHERE event_id = $1", shared));
    }

    [Fact]
    public async Task A_stale_last_sequence_fails_only_that_append_and_stores_none_of_it()
    {
        await using var log = CreateLog();
        var good = Events.NewAgent();
        var stale = Events.NewAgent();
        var twice = Events.NewAgent();
        var staleEvent = Events.Call(stale);

        var (results, commits) = await InOneGroupCommitAsync(log,
            (good, 0, [Events.Call(good)]),
            (stale, 7, [staleEvent]),
            (twice, 0, [Events.Call(twice)]),
            // A second append for the same agent in the same group commit that did not see the first one.
            (twice, 0, [Events.Call(twice)]));

        Assert.Equal(1, commits);
        Assert.Equal(1, results[0].Result.LastSequence);
        var conflict = Assert.IsType<EventLogSequenceConflictException>(results[1].Error);
        Assert.Equal(7, conflict.ProvidedLastSequence);
        Assert.Equal(0, conflict.StoredLastSequence);
        Assert.Equal(1, results[2].Result.LastSequence);
        var second = Assert.IsType<EventLogSequenceConflictException>(results[3].Error);
        Assert.Equal(1, second.StoredLastSequence);

        Assert.Empty(await ReadAllAsync(log, stale, 0));
        // Nothing of the refused append was recorded, so its event id is still free.
        var retry = await log.AppendAsync(stale, 0, [staleEvent]);
        Assert.Equal([true], retry.Accepted);
        await Assert.ThrowsAsync<EventLogSequenceConflictException>(() => log.AppendAsync(good, 0, [Events.Call(good)]));
    }

    [Fact]
    public async Task Every_event_type_round_trips_exactly()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();
        var preciseTime = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        ActivityEvent[] events =
        [
            Events.Call(agent, at: preciseTime),
            Events.Call(agent, at: new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(-9.5))),
            Events.Visit(agent, VisitKind.Collection, proactive: true, CustomerClass.A),
            Events.Visit(agent, VisitKind.Service, proactive: false, CustomerClass.B),
            Events.Visit(agent, VisitKind.Sales, proactive: true, CustomerClass.C),
            Events.Policy(agent, "P-889", 12000.00m),
            Events.Policy(agent, "P-保单-1", 0.01m),
            Events.Policy(agent, "P-max", 999_999_999_999.99m),
            Events.Renewal(agent, "P-12", 3500.50m, policyYear: 2),
            Events.Renewal(agent, "P-13", 100m, policyYear: 1),
            Events.Cancellation(agent, "P-889"),
            Events.Call(agent, eventId: "crm \"quoted\" \\ id/with:odd chars"),
        ];

        var result = await log.AppendAsync(agent, 0, events);
        Assert.All(result.Accepted, Assert.True);

        var read = await ReadAllAsync(log, agent, 0);
        Assert.Equal(events, read.Select(e => e.Event));
        for (var i = 0; i < events.Length; i++)
        {
            var original = events[i];
            var stored = read[i].Event;
            Assert.Equal(original.OccurredAt.Ticks, stored.OccurredAt.Ticks);
            Assert.Equal(original.OccurredAt.Offset, stored.OccurredAt.Offset);
            AssertSameDecimal(original.Policy?.Premium, stored.Policy?.Premium);
            AssertSameDecimal(original.Renewal?.Amount, stored.Renewal?.Amount);
        }
    }

    [Fact]
    public async Task Fifty_concurrent_appenders_share_far_fewer_transactions_and_keep_sequences_gap_free()
    {
        await using var log = CreateLog();
        const int agents = 50;
        const int appendsPerAgent = 40;
        const int eventsPerAppend = 5;
        var agentIds = Enumerable.Range(0, agents).Select(i => Events.NewAgent($"load{i}")).ToArray();
        var commitsBefore = log.CommitCount;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(agentIds.Select(agent => Task.Run(async () =>
        {
            long last = 0;
            for (var i = 0; i < appendsPerAgent; i++)
            {
                var result = await log.AppendAsync(agent, last, Events.Calls(agent, eventsPerAppend));
                Assert.Equal(last + eventsPerAppend, result.LastSequence);
                last = result.LastSequence;
            }
        })));

        clock.Stop();
        var commits = log.CommitCount - commitsBefore;
        const int appends = agents * appendsPerAgent;
        const int events = appends * eventsPerAppend;
        output.WriteLine($"{appends} appends / {events} events from {agents} concurrent appenders in {clock.Elapsed.TotalMilliseconds:F0} ms: " +
                         $"{events / clock.Elapsed.TotalSeconds:F0} events/s, {appends / clock.Elapsed.TotalSeconds:F0} appends/s, " +
                         $"{commits} commits ({(double)appends / commits:F1} appends per commit)");

        Assert.True(commits <= appends / 5, $"{commits} commits for {appends} appends: group commit is not grouping");
        foreach (var agent in agentIds)
        {
            var sequences = (await ReadAllAsync(log, agent, 0)).Select(e => e.Sequence);
            Assert.Equal(Enumerable.Range(1, appendsPerAgent * eventsPerAppend).Select(i => (long)i), sequences);
        }
    }

    [Fact]
    public async Task A_group_commit_holds_at_most_MaxEventsPerCommit_events_and_a_larger_append_commits_alone()
    {
        await using var log = CreateLog(new PostgresEventLogOptions { MaxEventsPerCommit = 10 });
        var agents = Enumerable.Range(0, 6).Select(i => Events.NewAgent($"bound{i}")).ToArray();

        var (results, commits) = await InOneGroupCommitAsync(log,
            (agents[0], 0, Events.Calls(agents[0], 4)),
            (agents[1], 0, Events.Calls(agents[1], 4)),
            (agents[2], 0, Events.Calls(agents[2], 4)),
            (agents[3], 0, Events.Calls(agents[3], 4)),
            (agents[4], 0, Events.Calls(agents[4], 4)),
            (agents[5], 0, Events.Calls(agents[5], 25)));

        // 4+4 | 4+4 | 4 (the next one would exceed 10) | 25 alone.
        Assert.Equal(4, commits);
        Assert.Equal([4L, 4, 4, 4, 4, 25], results.Select(r => r.Result.LastSequence));
    }

    [Fact]
    public async Task An_append_of_a_thousand_events_is_one_commit()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();
        var result = await log.AppendAsync(agent, 0, Events.Calls(agent, 1000));
        Assert.Equal(1000, result.LastSequence);
        Assert.Equal(1000, result.AcceptedCount);
        Assert.Equal(1, log.CommitCount);
        Assert.Equal(1000, log.CommittedEventCount);
    }

    [Fact]
    public async Task Two_processes_racing_on_the_same_event_id_and_the_same_agent_store_each_once()
    {
        // Two logs stand for two silos: they share nothing but the database.
        await using var node1 = CreateLog();
        await using var node2 = CreateLog();
        var agentA = Events.NewAgent();
        var agentB = Events.NewAgent();
        var contested = Events.NewAgent();
        var shared = Events.NewId();

        // SHARE mode lets both nodes look up (both see the agent as empty) and stops both at their COPY.
        await using var tableLock = await EventLogTableLock.AcquireAsync(fixture.ConnectionString, "SHARE");
        var a = node1.AppendAsync(agentA, 0, [Events.Call(agentA, shared), Events.Call(agentA)]);
        var b = node2.AppendAsync(agentB, 0, [Events.Call(agentB, shared), Events.Call(agentB)]);
        await tableLock.WaitForBlockedSessionsAsync(2);
        await tableLock.ReleaseAsync();

        var (ra, rb) = (await a, await b);
        Assert.Equal(1, new[] { ra.Accepted[0], rb.Accepted[0] }.Count(accepted => accepted));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM event_log WHERE event_id = $1", shared));
        Assert.Equal(ra.AcceptedCount, (await ReadAllAsync(node1, agentA, 0)).Count);
        Assert.Equal([true, true], new[] { ra.Accepted[1], rb.Accepted[1] });
        Assert.Equal(Enumerable.Range(1, (int)rb.LastSequence).Select(i => (long)i), (await ReadAllAsync(node2, agentB, 0)).Select(e => e.Sequence));

        // Now both append the first event of one agent.
        Task<AppendResult>[] contestedAppends;
        await using (var again = await EventLogTableLock.AcquireAsync(fixture.ConnectionString, "SHARE"))
        {
            var c1 = node1.AppendAsync(contested, 0, [Events.Call(contested)]);
            var c2 = node2.AppendAsync(contested, 0, [Events.Call(contested)]);
            await again.WaitForBlockedSessionsAsync(2);
            await again.ReleaseAsync();
            contestedAppends = [c1, c2];
        }

        var outcomes = new List<Exception?>();
        foreach (var task in contestedAppends)
        {
            try
            {
                await task;
                outcomes.Add(null);
            }
            catch (EventLogSequenceConflictException e)
            {
                outcomes.Add(e);
            }
        }

        Assert.Single(outcomes, o => o is null);
        // Each loser found out at COPY time, was rolled back and looked again.
        Assert.True(node1.RetriedCommitCount + node2.RetriedCommitCount >= 2);
        Assert.Equal([1L], (await ReadAllAsync(node1, contested, 0)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_append_the_database_rejects_fails_alone_and_the_rest_of_its_group_commit_is_stored()
    {
        // A database of its own with an extra rule that no validation in the log knows about.
        await using var database = await TemporaryDatabase.CreateAsync("reject");
        await new Tracking.Persistence.Schema.SchemaMigrator(database.ConnectionString).MigrateAsync();
        await database.ScalarAsync<object?>("ALTER TABLE event_log ADD CONSTRAINT test_no_poison CHECK (event_id NOT LIKE 'poison%')");
        await using var log = new PostgresEventLog(database.ConnectionString);
        var good = Events.NewAgent();
        var bad = Events.NewAgent();
        var alsoGood = Events.NewAgent();

        await using var tableLock = await EventLogTableLock.AcquireAsync(database.ConnectionString);
        var opener = log.AppendAsync(good, 0, [Events.Call(good)]);
        await tableLock.WaitForBlockedSessionsAsync(1);
        var g = log.AppendAsync(good, 1, [Events.Call(good)]);
        var p = log.AppendAsync(bad, 0, [Events.Call(bad), Events.Call(bad, "poison-1")]);
        var a = log.AppendAsync(alsoGood, 0, [Events.Call(alsoGood)]);
        await tableLock.ReleaseAsync();

        await opener;
        Assert.Equal(2, (await g).LastSequence);
        var rejected = await Assert.ThrowsAsync<InvalidOperationException>(() => p);
        Assert.IsType<PostgresException>(rejected.InnerException);
        Assert.Equal(1, (await a).LastSequence);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM event_log WHERE agent_id = $1", bad));

        // The writer is not stuck on the bad append.
        Assert.Equal(1, (await log.AppendAsync(bad, 0, [Events.Call(bad)])).LastSequence);
    }

    [Fact]
    public async Task Invalid_appends_are_refused_before_they_reach_the_database()
    {
        await using var log = CreateLog();
        var agent = Events.NewAgent();

        var empty = await log.AppendAsync(agent, 4, []);
        Assert.Empty(empty.Accepted);
        Assert.Equal(4, empty.LastSequence);
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(agent, 0, [Events.Call(Events.NewAgent())]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(agent, 0, [Events.Call(agent, "bad\0id")]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(agent, 0, [Events.Call(agent, "")]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.AppendAsync(agent, -1, [Events.Call(agent)]));
        Assert.Equal(0, log.CommitCount);
        Assert.Empty(await ReadAllAsync(log, agent, 0));
    }

    /// <summary>
    /// Holds an exclusive lock on event_log while the writer is busy with a first append, queues the given appends
    /// behind it, then releases the lock: the writer then finds them all queued and commits them together.
    /// Returns each append's result or error and the number of commits that followed the first one.
    /// </summary>
    private async Task<(List<(AppendResult Result, Exception? Error)> Results, long Commits)> InOneGroupCommitAsync(
        PostgresEventLog log, params (string Agent, long Last, ActivityEvent[] Events)[] appends)
    {
        await using var tableLock = await EventLogTableLock.AcquireAsync(fixture.ConnectionString);
        var commitsBefore = log.CommitCount;
        var opener = Events.NewAgent("opener");
        var first = log.AppendAsync(opener, 0, [Events.Call(opener)]);
        await tableLock.WaitForBlockedSessionsAsync(1); // the writer has taken the first append and waits
        // AppendAsync queues synchronously, before it first awaits: these are all queued behind the first.
        var tasks = appends.Select(a => log.AppendAsync(a.Agent, a.Last, a.Events)).ToList();
        await tableLock.ReleaseAsync();

        await first;
        var results = new List<(AppendResult, Exception?)>();
        foreach (var task in tasks)
        {
            try
            {
                results.Add((await task, null));
            }
            catch (Exception e)
            {
                results.Add((null!, e));
            }
        }

        return (results, log.CommitCount - commitsBefore - 1);
    }

    private static async Task<List<LoggedEvent>> ReadAllAsync(IEventLog log, string agent, long after)
    {
        var events = new List<LoggedEvent>();
        await foreach (var logged in log.ReadAsync(agent, after))
        {
            events.Add(logged);
        }

        return events;
    }

    private static void AssertSameDecimal(decimal? expected, decimal? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            // Same value and same scale: 12000.00 must not come back as 12000.
            Assert.Equal(decimal.GetBits(e), decimal.GetBits(a));
        }
    }
}
