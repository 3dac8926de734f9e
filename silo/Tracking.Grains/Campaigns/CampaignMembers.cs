using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// How a campaign asks its agents for their absolute tallies (to heal lost reports, before the freeze, or to count
/// a late set-up from their logs): a few at a time, as each may activate and replay its log.
/// </summary>
public static class CampaignMembers
{
    /// <summary>True when every agent answered; a group that failed is logged, and its agents' last reports stand.</summary>
    public static async Task<bool> AskAsync(IGrainFactory grains, string campaignId, IEnumerable<string> agentIds,
        Func<ICampaignMemberGrain, Task<CampaignTallyReport>> ask, Action<CampaignTallyReport> apply, ILogger logger)
    {
        var complete = true;
        foreach (var chunk in agentIds.Chunk(MemberReports.Concurrency))
        {
            try
            {
                foreach (var report in await Task.WhenAll(chunk.Select(a => ask(grains.GetGrain<ICampaignMemberGrain>(a))))) apply(report);
            }
            catch (Exception ex)
            {
                complete = false;
                logger.LogWarning(ex, "Campaign {CampaignId}: asking {Count} agents for their tallies failed; their last reports stand", campaignId, chunk.Length);
            }
        }
        return complete;
    }
}
