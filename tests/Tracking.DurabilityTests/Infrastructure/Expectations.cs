using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Sdk;

namespace Tracking.DurabilityTests.Infrastructure;

/// <summary>
/// Compares what a server shows with what the workload's distinct events add up to: every agent's, team's and
/// the branch's month metrics, and the branch leaderboards (agents and teams by FYP, agents by calls).
/// </summary>
internal static class Expectations
{
    /// <summary>Agents' month metrics that differ from the expected ones (one line each).</summary>
    public static async Task<List<string>> AgentMismatchesAsync(TrackingClient client, Workload workload)
    {
        var lines = new List<string>();
        await Parallel.ForEachAsync(workload.AgentIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (agent, _) =>
        {
            var found = Compare($"agent {agent}", await client.AgentStatsAsync(agent), workload.ExpectedAgent(agent));
            lock (lines) lines.AddRange(found);
        });
        return lines;
    }

    /// <summary>Teams' and the branch's month metrics and the leaderboards that differ from the expected ones.</summary>
    public static async Task<List<string>> AggregateMismatchesAsync(TrackingClient client, Workload workload)
    {
        var lines = new List<string>();
        foreach (var team in workload.TeamIds)
        {
            lines.AddRange(Compare($"team {team}", await client.TeamStatsAsync(team), workload.ExpectedTeam(team)));
        }

        lines.AddRange(Compare($"branch {workload.BranchId}", await client.BranchStatsAsync(workload.BranchId), workload.ExpectedBranch()));
        lines.AddRange(CompareBoard("fyp agents", await client.LeaderboardAsync(workload.BranchId, "fyp"),
            workload.AgentIds.ToDictionary(a => a, a => workload.ExpectedAgent(a)["fyp"], StringComparer.Ordinal)));
        lines.AddRange(CompareBoard("calls agents", await client.LeaderboardAsync(workload.BranchId, "calls"),
            workload.AgentIds.ToDictionary(a => a, a => workload.ExpectedAgent(a)["calls"], StringComparer.Ordinal)));
        lines.AddRange(CompareBoard("fyp teams", await client.LeaderboardAsync(workload.BranchId, "fyp", "teams"),
            workload.TeamIds.ToDictionary(t => t, t => workload.ExpectedTeam(t)["fyp"], StringComparer.Ordinal)));
        return lines;
    }

    /// <summary>Everything: agents first (they answer at once), then the aggregates.</summary>
    public static async Task<List<string>> AllMismatchesAsync(TrackingClient client, Workload workload)
    {
        var lines = await AgentMismatchesAsync(client, workload);
        lines.AddRange(await AggregateMismatchesAsync(client, workload));
        return lines;
    }

    /// <summary>
    /// Polls <paramref name="check"/> until it finds nothing (team and branch figures follow agents within about a
    /// second) and returns how long that took; fails with the last differences after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> EventuallyAsync(string what, Func<Task<List<string>>> check, TimeSpan timeout, Func<string>? context = null)
    {
        var stopwatch = Stopwatch.StartNew();
        List<string> last;
        while (true)
        {
            last = await check();
            if (last.Count == 0) return stopwatch.Elapsed;
            if (stopwatch.Elapsed > timeout) break;
            await Task.Delay(200);
        }

        throw new XunitException(
            $"{what}: still {last.Count} differences after {timeout.TotalSeconds:0} s, e.g.\n  {string.Join("\n  ", last.Take(25))}" +
            (context is null ? "" : "\n" + context()));
    }

    public static decimal Metric(JsonElement stats, string metric) =>
        stats.GetProperty("metrics").TryGetProperty(metric, out var value) ? value.GetDecimal() : 0m;

    private static IEnumerable<string> Compare(string who, JsonElement? stats, MetricTotals expected)
    {
        if (stats is not { } found)
        {
            yield return $"{who}: no stats (not a 200)";
            yield break;
        }

        foreach (var metric in MetricNames.All)
        {
            var actual = Metric(found, metric);
            if (actual != expected[metric]) yield return $"{who}: {metric} is {actual}, expected {expected[metric]}";
        }
    }

    /// <summary>Every entry and no other, each with the expected value and its competition rank (1, 2, 2, 4), best first.</summary>
    private static IEnumerable<string> CompareBoard(string board, JsonElement? leaderboard, IReadOnlyDictionary<string, decimal> expected)
    {
        if (leaderboard is not { } found)
        {
            yield return $"leaderboard {board}: not a 200";
            yield break;
        }

        var entries = found.GetProperty("entries").EnumerateArray().ToList();
        if (entries.Count != expected.Count) yield return $"leaderboard {board}: {entries.Count} entries, expected {expected.Count}";
        var previous = decimal.MaxValue;
        foreach (var entry in entries)
        {
            var id = entry.GetProperty("id").GetString()!;
            var value = entry.GetProperty("value").GetDecimal();
            var rank = entry.GetProperty("rank").GetInt32();
            if (!expected.TryGetValue(id, out var wanted))
            {
                yield return $"leaderboard {board}: unexpected entry {id}";
                continue;
            }

            if (value != wanted) yield return $"leaderboard {board}: {id} has {value}, expected {wanted}";
            var wantedRank = 1 + expected.Values.Count(v => v > wanted);
            if (rank != wantedRank) yield return $"leaderboard {board}: {id} ranked {rank}, expected {wantedRank}";
            if (value > previous) yield return $"leaderboard {board}: {id} ({value}) listed after a lower value ({previous})";
            previous = value;
        }
    }
}

/// <summary>The figures a test reports: to the test's output and to the console (shown by <c>dotnet test</c>).</summary>
internal static class Figures
{
    public static void Print(Xunit.Abstractions.ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    public static string Rate(int events, TimeSpan elapsed) =>
        (events / Math.Max(elapsed.TotalSeconds, 0.001)).ToString("N0", CultureInfo.InvariantCulture) + " events/s";
}
