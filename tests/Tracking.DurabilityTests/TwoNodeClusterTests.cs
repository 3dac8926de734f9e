using Tracking.TestSupport;
using System.Diagnostics;
using System.Text.Json;
using Tracking.DurabilityTests.Infrastructure;
using Xunit.Abstractions;

namespace Tracking.DurabilityTests;

/// <summary>
/// Issue 4 (d): two server processes on one database form one Orleans cluster (ADO.NET clustering on PostgreSQL)
/// and serve the same counts: events posted to node A are read, the same, from node B and from node A.
/// </summary>
public sealed class TwoNodeClusterTests(ITestOutputHelper output) : DatabaseServerTest(output, "cluster")
{
    private const int ActiveSilo = 3; // Orleans SiloStatus.Active

    [Fact]
    public Task Two_processes_on_oneDatabase_form_one_cluster_and_serve_the_same_counts() => WithServerLogsOnFailureAsync(async () =>
    {
        // 20 agents in 4 teams, 4,000 events in 40 requests of 100.
        var workload = new Workload(teams: 4, agentsPerTeam: 5, eventsPerAgent: 200, chunkSize: 20, chunksPerBatch: 5, seed: 44);
        var database = Database;
        var a = Server("A", database.ConnectionString);
        var b = Server("B", database.ConnectionString);
        var startA = await a.StartAsync();
        var startB = await b.StartAsync();

        // One cluster: both silos are Active members in the one membership table.
        var joined = Stopwatch.StartNew();
        var members = 0L;
        while (joined.Elapsed < TimeSpan.FromSeconds(30))
        {
            members = await database.CountAsync($"SELECT count(*) FROM orleans_cluster_member WHERE status = {ActiveSilo}");
            if (members == 2) break;
            await Task.Delay(200);
        }

        Assert.True(members == 2, $"{members} active silos in the membership table 30 s after both nodes started, expected 2.");
        Assert.Equal(2, await database.CountAsync(
            $"SELECT count(DISTINCT port) FROM orleans_cluster_member WHERE status = {ActiveSilo} AND port IN ({a.SiloPort}, {b.SiloPort})"));

        using var clientA = new TrackingClient(a.BaseAddress);
        using var clientB = new TrackingClient(b.BaseAddress);
        await clientA.PutOrgAsync(workload.Org());
        var clock = Stopwatch.StartNew();
        var run = new IngestRun(clientA, workload.Batches, clock) { Workers = 4 };
        run.Start();
        await run.CompleteAsync(TimeSpan.FromMinutes(2));
        var ingest = run.FinishedAt!.Value - run.StartedAt!.Value;
        Assert.Equal(workload.TotalEvents, run.Acknowledgements.Values.Sum(x => x.Accepted));

        // Both nodes show exactly the expected figures...
        var onB = await Expectations.EventuallyAsync("read from node B", () => Expectations.AllMismatchesAsync(clientB, workload), TimeSpan.FromSeconds(10));
        var onA = await Expectations.EventuallyAsync("read from node A", () => Expectations.AllMismatchesAsync(clientA, workload), TimeSpan.FromSeconds(10));
        // ...from the same grains: one branch activation answers both (the same leaderboard version), not two
        // separate clusters that each rebuilt the same numbers from the shared log.
        var boardA = await clientA.LeaderboardAsync(workload.BranchId, "fyp");
        var boardB = await clientB.LeaderboardAsync(workload.BranchId, "fyp");
        Assert.NotNull(boardA);
        Assert.NotNull(boardB);
        Assert.Equal(Version(boardA.Value), Version(boardB.Value));
        Assert.Equal(boardA.Value.GetProperty("entries").GetRawText(), boardB.Value.GetProperty("entries").GetRawText());

        Print($"(d) two nodes, one cluster: A up in {startA.TotalSeconds:0.00} s, B in {startB.TotalSeconds:0.00} s, both Active after {joined.Elapsed.TotalSeconds:0.00} s more; " +
              $"{workload.TotalEvents:N0} events posted to A in {ingest.TotalSeconds:0.00} s ({Figures.Rate(workload.TotalEvents, ingest)}); " +
              $"B showed every figure {onB.TotalSeconds:0.00} s after the last 200, A {onA.TotalSeconds:0.00} s after that; leaderboard version {Version(boardA.Value)} on both");
    });

    private static long Version(JsonElement leaderboard) => leaderboard.GetProperty("version").GetInt64();
}
