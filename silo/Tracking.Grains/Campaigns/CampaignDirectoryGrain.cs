using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// The cluster's list of campaigns (see <see cref="ICampaignDirectoryGrain"/>), kept in the grain storage of every
/// other grain. A campaign lists itself before it stores its rules, so a listed id whose campaign was never stored
/// can occur (a save that failed half-way); readers skip it, as they skip nothing else.
/// </summary>
public sealed class CampaignDirectoryGrain(
    [PersistentState("campaignDirectory", "tracking")] IPersistentState<CampaignDirectoryState> state) : Grain, ICampaignDirectoryGrain
{
    public async Task List(string campaignId, IReadOnlyList<string> branchIds)
    {
        var listed = branchIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var campaigns = state.State.Campaigns;
        if (campaigns.TryGetValue(campaignId, out var before) && before.SequenceEqual(listed, StringComparer.Ordinal)) return;
        campaigns[campaignId] = listed;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory never promises what the store does not hold.
            if (before is null) campaigns.Remove(campaignId);
            else campaigns[campaignId] = before;
            throw;
        }
    }

    public Task<IReadOnlyList<string>> Find(string? branchId) => Task.FromResult<IReadOnlyList<string>>(
        state.State.Campaigns
            .Where(c => branchId is null || c.Value.Contains(branchId, StringComparer.Ordinal))
            .Select(c => c.Key)
            .Order(StringComparer.Ordinal)
            .ToList());
}
