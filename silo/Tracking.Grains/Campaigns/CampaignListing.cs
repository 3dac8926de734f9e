using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Campaigns;

/// <summary>A campaign's entry in the cluster's campaign directory, which the campaign lists of the API read.</summary>
public static class CampaignListing
{
    public static Task ListAsync(IGrainFactory grains, string campaignId, IReadOnlyList<string> branchIds) =>
        grains.GetGrain<ICampaignDirectoryGrain>(ICampaignDirectoryGrain.Key).List(campaignId, branchIds);

    /// <summary>A campaign stored before campaigns were listed lists itself when it first wakes up again.</summary>
    public static async Task ListOnceAsync(IGrainFactory grains, string campaignId, IPersistentState<CampaignState> state, ILogger logger)
    {
        try
        {
            await ListAsync(grains, campaignId, state.State.Branches);
            state.State.Listed = true;
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: listing it in the campaign directory failed; will retry on its next activation", campaignId);
        }
    }
}
