using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains;

/// <summary>How an aggregate rebuilds itself on activation: it asks its members for their absolute totals.</summary>
public static class MemberReports
{
    /// <summary>
    /// Members asked at once. Each may activate and replay its log on a database connection of its own, so
    /// asking all of a large branch at once would need as many connections; a few at a time is as fast.
    /// </summary>
    public const int Concurrency = 16;

    public static async Task CollectAsync(IGrainFactory grains, IEnumerable<string> agentIds, Action<AgentTotalsReport> apply)
    {
        foreach (var chunk in agentIds.Chunk(Concurrency))
        {
            foreach (var report in await Task.WhenAll(chunk.Select(a => grains.GetGrain<IAgentGrain>(a).GetReport()))) apply(report);
        }
    }
}
