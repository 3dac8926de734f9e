using Tracking.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Tracking.DurabilityTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tracking.DurabilityTests;

/// <summary>
/// Issue 4 (b): with 100,000 events in the log, a restarted server rebuilds exactly the state it had: every
/// agent's, team's and the branch's figures and the branch leaderboards. Prints how long the rebuild took.
/// </summary>
public sealed class RebuildTests(ITestOutputHelper output) : DatabaseServerTest(output, "rebuild")
{
    private static readonly (string Metric, string Scope)[] Boards =
        [("fyp", "agents"), ("calls", "agents"), ("visits", "agents"), ("renewalCollected", "agents"), ("fyp", "teams"), ("policies", "teams")];

    [Fact]
    public Task Restart_rebuilds_the_state_of_100_000_logged_events_exactly() => WithServerLogsOnFailureAsync(async () =>
    {
        // 200 agents in 10 teams, 500 events each, in 100 requests of 1,000 (10 agents x 100 events each).
        var workload = new Workload(teams: 10, agentsPerTeam: 20, eventsPerAgent: 500, chunkSize: 100, chunksPerBatch: 10, seed: 42);
        Assert.Equal(100_000, workload.TotalEvents);
        // No ledger snapshots: the restart must rebuild every agent by replaying its whole log (the worst case).
        var server = Server("node", Database.ConnectionString, "--Ledger:SnapshotEvery=1000000");
        await server.StartAsync();
        using var client = new TrackingClient(server.BaseAddress);
        await client.PutOrgAsync(workload.Org());

        var clock = Stopwatch.StartNew();
        var run = new IngestRun(client, workload.Batches, clock) { Workers = 4 };
        run.Start();
        await run.CompleteAsync(TimeSpan.FromMinutes(3));
        var ingest = run.FinishedAt!.Value - run.StartedAt!.Value;
        Assert.Equal(0, run.Attempts.Count(a => a.Outcome != AttemptOutcome.Acknowledged));
        Assert.Equal(workload.TotalEvents, run.Acknowledgements.Values.Sum(a => a.Accepted));
        Assert.Equal(workload.TotalEvents, await Database.CountAsync("SELECT count(*) FROM event_log"));

        await Expectations.EventuallyAsync("after the ingest", () => Expectations.AllMismatchesAsync(client, workload), TimeSpan.FromSeconds(15), server.LogTail);
        var before = await CaptureAsync(client, workload);
        Assert.DoesNotContain(before, entry => entry.Value is null);

        server.Kill();
        await using var connections = new ConnectionSampler(Database.AdminConnectionString, Database.Name);
        var rebuild = Stopwatch.StartNew();
        var startup = await server.StartAsync();
        // Every agent's stats, 8 requests at a time; each agent is asked again until it answers 200.
        var firstAnswers = new ConcurrentDictionary<string, int?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(workload.AgentIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (agent, _) =>
        {
            while (true)
            {
                var (status, _) = await client.GetAsync(TrackingClient.AgentStatsPath(agent));
                firstAnswers.TryAdd(agent, status);
                if (status == 200) return;
                if (rebuild.Elapsed > TimeSpan.FromSeconds(60)) throw new XunitException($"Agent {agent} has no stats 60 s after the restart (last answer: {status?.ToString() ?? "none"}).");
                await Task.Delay(200);
            }
        });
        var agentsAnswered = rebuild.Elapsed;

        Dictionary<string, string?> after;
        while (true)
        {
            after = await CaptureAsync(client, workload);
            if (Differences(before, after).Count == 0 || rebuild.Elapsed > TimeSpan.FromSeconds(60)) break;
            await Task.Delay(100);
        }

        var rebuilt = rebuild.Elapsed;
        var failedReads = firstAnswers.Where(a => a.Value != 200).ToList();
        Print($"(b) ingest of {workload.TotalEvents:N0} events (200 agents, {workload.Batches.Count} requests of 1,000, 4 client workers): " +
              $"{ingest.TotalSeconds:0.00} s, {Figures.Rate(workload.TotalEvents, ingest)}");
        Print($"(b) rebuild after kill -9 (full replay of the log, no snapshots): process start to /health 200 {startup.TotalSeconds:0.00} s; " +
              $"all 200 agents' stats answered 200 after {agentsAnswered.TotalSeconds:0.00} s; " +
              $"every agent, team, branch figure and {Boards.Length} leaderboards equal to before after {rebuilt.TotalSeconds:0.00} s (from the process start)");
        Print($"(b) during the rebuild: peak {connections.Peak} sessions on the database; " +
              $"{failedReads.Count} of 200 agents' first stats read failed ({string.Join(", ", failedReads.GroupBy(f => f.Value?.ToString() ?? "no answer").Select(g => $"{g.Count()} x {g.Key}"))})");

        var differences = Differences(before, after);
        Assert.True(differences.Count == 0,
            $"{differences.Count} figures differ from before the restart, e.g.\n  {string.Join("\n  ", differences.Take(10))}");
        await Expectations.EventuallyAsync("after the restart", () => Expectations.AllMismatchesAsync(client, workload), TimeSpan.FromSeconds(5), server.LogTail);
        // A restart must not make reads fail: the rebuild may take time, but every read answers with the state.
        Assert.True(failedReads.Count == 0,
            $"{failedReads.Count} of 200 agents' first stats read after the restart did not answer 200: " +
            string.Join(", ", failedReads.Take(10).Select(f => $"{f.Key} -> {f.Value?.ToString() ?? "no answer"}")));
    });

    /// <summary>
    /// Every figure that must survive a restart, as JSON text: each agent's, team's and the branch's month metrics
    /// (with the KPIs of teams and branch), and the entries of the branch leaderboards (ranks, order, names, values).
    /// </summary>
    private static async Task<Dictionary<string, string?>> CaptureAsync(TrackingClient client, Workload workload)
    {
        var image = new Dictionary<string, string?>(StringComparer.Ordinal);
        var agents = new (string, string?)[workload.AgentIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, agents.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var agent = workload.AgentIds[i];
            agents[i] = ($"agent {agent}", Part(await client.AgentStatsAsync(agent), "metrics"));
        });
        foreach (var (key, value) in agents) image[key] = value;
        foreach (var team in workload.TeamIds)
        {
            var stats = await client.TeamStatsAsync(team);
            image[$"team {team}"] = Part(stats, "metrics");
            image[$"team {team} kpis"] = Part(stats, "kpis");
        }

        var branch = await client.BranchStatsAsync(workload.BranchId);
        image["branch"] = Part(branch, "metrics");
        image["branch kpis"] = Part(branch, "kpis");
        foreach (var (metric, scope) in Boards)
        {
            image[$"leaderboard {metric} {scope}"] = Part(await client.LeaderboardAsync(workload.BranchId, metric, scope), "entries");
        }

        return image;
    }

    private static string? Part(JsonElement? document, string property) => document?.GetProperty(property).GetRawText();

    private static List<string> Differences(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        before.Where(b => !after.TryGetValue(b.Key, out var a) || a != b.Value)
            .Select(b => $"{b.Key}: before {Shorten(b.Value)}, after {Shorten(after.GetValueOrDefault(b.Key))}")
            .ToList();

    private static string Shorten(string? json) => json is null ? "(no answer)" : json.Length > 300 ? json[..300] + "…" : json;
}
