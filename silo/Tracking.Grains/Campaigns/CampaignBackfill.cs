using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// A campaign set up after its start (docs/api.md, "Campaigns"): every agent of its branches counts its tally again
/// from its own log, as if the campaign had existed from the start, and the campaign takes in the absolute tallies
/// as it takes in live reports.
/// </summary>
public static class CampaignBackfill
{
    /// <summary>The furthest back a campaign may start when it is set up.</summary>
    public static readonly TimeSpan MaxLateness = TimeSpan.FromDays(366);

    /// <summary>Asks every agent, a few at a time; true when every one answered (else the campaign asks again later).</summary>
    public static async Task<bool> RunAsync(IGrainFactory grains, CampaignRegistration campaign, IReadOnlyList<string> branchIds,
        IReadOnlyList<string> agentIds, DateTimeOffset asOf, Action<CampaignTallyReport> apply, ILogger logger)
    {
        var complete = true;
        foreach (var chunk in agentIds.Chunk(MemberReports.Concurrency))
        {
            try
            {
                var reports = await Task.WhenAll(chunk.Select(a => grains.GetGrain<ICampaignMemberGrain>(a).Backfill(campaign, branchIds, asOf)));
                foreach (var report in reports) apply(report);
            }
            catch (Exception ex)
            {
                complete = false;
                logger.LogWarning(ex, "Campaign {CampaignId}: counting the recorded events of {Count} agents failed; will ask again", campaign.CampaignId, chunk.Length);
            }
        }
        return complete;
    }
}
