using Tracking.TestSupport;
using System.Diagnostics;
using Tracking.DurabilityTests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Issue 4 (a): the server process is killed with SIGKILL in the middle of ingest while a client keeps resending
/// every request that was not acknowledged; after a restart the totals equal exactly the distinct events sent.
/// </summary>
public sealed class KillDuringIngestTests(ITestOutputHelper output) : DatabaseServerTest(output, "kill")
{
    [Fact]
    public Task Kill_9_mid_ingest_then_restart_loses_nothing_and_doubles_nothing() => WithServerLogsOnFailureAsync(async () =>
    {
        // 50 agents in 5 teams, 40,000 events in 400 requests of 100 (5 agents x 20 events each). 800 events an agent
        // cross the ledger's snapshot interval (500), so the second restart below rebuilds from snapshots plus log.
        var workload = new Workload(teams: 5, agentsPerTeam: 10, eventsPerAgent: 800, chunkSize: 20, chunksPerBatch: 5, seed: 41);
        var server = Server("node", Database.ConnectionString);
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(workload.Org());

        var clock = Stopwatch.StartNew();
        var run = new IngestRun(client, workload.Batches, clock) { Workers = 4 };
        run.Start();
        // About 2 s into the ingest, or earlier should the machine be fast enough to be half through by then.
        while (clock.Elapsed - run.StartedAt < TimeSpan.FromSeconds(2) && run.AcknowledgedEvents < workload.TotalEvents / 2)
        {
            await Task.Delay(5);
        }

        // Then, for up to a second, watch for a moment when the log holds events whose request is not acknowledged
        // yet (a commit whose answer has not reached the client, or a request committed for some agents only):
        // killing then makes the client resend events that are already stored.
        var watch = Stopwatch.StartNew();
        long committed;
        int acknowledged;
        do
        {
            committed = await Database.CountAsync("SELECT count(*) FROM event_log");
            acknowledged = run.AcknowledgedEvents;
        }
        while (committed <= acknowledged && watch.Elapsed < TimeSpan.FromSeconds(1));

        var killedAt = clock.Elapsed;
        var acknowledgedAtKill = run.AcknowledgedEvents;
        var inFlightAtKill = run.InFlight;
        server.Kill();
        Assert.True(acknowledgedAtKill < workload.TotalEvents, "The ingest was over before the kill.");

        var startup = await server.StartAsync();
        var restartedAt = clock.Elapsed;
        await run.CompleteAsync(TimeSpan.FromMinutes(2));

        var acks = run.Acknowledgements.Values.ToList();
        Assert.Equal(workload.Batches.Count, acks.Count);
        Assert.All(acks, ack => Assert.Equal(workload.Batches[ack.Batch - 1].EventCount, ack.Accepted + ack.Duplicates));
        // Every event id is new: a batch acknowledged at its first attempt cannot hold a duplicate.
        Assert.All(acks.Where(a => a.Attempts == 1), ack => Assert.Equal(0, ack.Duplicates));
        var retried = acks.Where(a => a.Attempts > 1).ToList();
        Assert.NotEmpty(retried);

        // The log holds each distinct event exactly once...
        Assert.Equal(workload.TotalEvents, await Database.CountAsync("SELECT count(*) FROM event_log"));
        Assert.Equal(workload.TotalEvents, await Database.CountAsync("SELECT count(DISTINCT event_id) FROM event_log"));
        // ...and every agent, team, the branch and its leaderboards count each exactly once.
        await Expectations.EventuallyAsync("after the kill and restart", () => Expectations.AllMismatchesAsync(client, workload),
            TimeSpan.FromSeconds(15), server.LogTail);

        Print($"(a) kill -9 during ingest: {workload.TotalEvents:N0} distinct events in {workload.Batches.Count} requests of 100, 50 agents, 4 client workers");
        Print($"(a) ingest rate before the kill: {Figures.Rate(acknowledgedAtKill, killedAt - run.StartedAt!.Value)} " +
              $"({acknowledgedAtKill:N0} events acknowledged in {(killedAt - run.StartedAt!.Value).TotalSeconds:0.00} s; {inFlightAtKill} requests in flight at the kill, " +
              $"{Math.Max(0, committed - acknowledged)} events seen in the log but not acknowledged just before it)");
        Print($"(a) restart: process start to /health 200 in {startup.TotalSeconds:0.00} s; " +
              $"ingest rate after the restart: {Figures.Rate(workload.TotalEvents - acknowledgedAtKill, run.FinishedAt!.Value - restartedAt)}; " +
              $"whole run incl. kill and restart: {Figures.Rate(workload.TotalEvents, run.FinishedAt!.Value - run.StartedAt!.Value)}");
        Print($"(a) client: {run.Summary()}; {retried.Count} requests resent until acknowledged, " +
              $"{retried.Count(a => a.Duplicates > 0)} of them had been (at least partly) committed before the kill " +
              $"({retried.Sum(a => a.Duplicates)} events answered as duplicates)");

        // Killed again while idle: the state is rebuilt from the ledger snapshots plus the log after them.
        server.Kill();
        var secondStartup = await server.StartAsync();
        var rebuilt = await Expectations.EventuallyAsync("after a second kill and restart", () => Expectations.AllMismatchesAsync(client, workload),
            TimeSpan.FromSeconds(30), server.LogTail);
        Print($"(a) second kill -9 and restart: /health in {secondStartup.TotalSeconds:0.00} s, every figure equal again {rebuilt.TotalSeconds:0.00} s later");
    });
}
