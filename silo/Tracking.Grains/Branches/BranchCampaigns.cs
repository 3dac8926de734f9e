using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Branches;

/// <summary>
/// The campaigns a branch's agents take part in: registered by the campaigns themselves, kept with a
/// version, and handed to every member agent whenever the list changes (the agents tally their own events).
/// </summary>
public sealed class BranchCampaigns(string branchId, IPersistentState<BranchState> state, IGrainFactory grains, TimeProvider time)
{
    private BranchState State => state.State;

    public bool Any => State.Campaigns.Count > 0;

    public Task RegisterAsync(CampaignRegistration campaign)
    {
        State.Campaigns[campaign.CampaignId] = campaign;
        return ChangedAsync();
    }

    public Task UnregisterAsync(string campaignId) => State.Campaigns.Remove(campaignId) ? ChangedAsync() : Task.CompletedTask;

    /// <summary>The campaigns an agent of the branch may have to tally: a campaign frozen a while ago needs no more tallies.</summary>
    public CampaignList List()
    {
        var cutoff = time.GetUtcNow() - CampaignTallies.KeepAfterFreeze;
        return new CampaignList(State.CampaignsVersion, State.Campaigns.Values.Where(c => c.Window.FreezesAt >= cutoff).ToArray());
    }

    /// <summary>A new member learns the branch's campaigns (one-way).</summary>
    public void Joined(string agentId)
    {
        if (Any) _ = grains.GetGrain<ICampaignMemberGrain>(agentId).CampaignsChanged(branchId, List());
    }

    /// <summary>
    /// A member's name or display opt-out changed: the campaigns it may be listed on are told (one-way), so an
    /// agent who asks not to be shown disappears from display screens' scoreboards at once.
    /// </summary>
    public void Renamed(MemberInfo member)
    {
        foreach (var campaign in List().Campaigns) _ = grains.GetGrain<ICampaignGrain>(campaign.CampaignId).MemberRenamed(member);
    }

    /// <summary>Stores the campaign list with a new version and hands it to every member agent; frozen ones drop out with their tallies.</summary>
    private async Task ChangedAsync()
    {
        var cutoff = time.GetUtcNow() - CampaignTallies.KeepAfterFreeze;
        foreach (var stale in State.Campaigns.Values.Where(c => c.Window.FreezesAt < cutoff).Select(c => c.CampaignId).ToList())
            State.Campaigns.Remove(stale);
        var version = State.CampaignsVersion;
        State.CampaignsVersion = VersionClock.Next(ref version, time);
        await state.WriteStateAsync();
        var list = List();
        foreach (var agentId in State.Members.Keys) _ = grains.GetGrain<ICampaignMemberGrain>(agentId).CampaignsChanged(branchId, list); // one-way
    }
}
