using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain.Campaigns;

namespace Tracking.Abstractions.Grains;

/// <summary>A campaign (sprint): its rules, its live scoreboard and the <c>campaign:{id}</c> topic. Key: campaignId.</summary>
public interface ICampaignGrain : IGrainWithStringKey, ITopicOwner
{
    /// <summary>Creates the campaign or changes it while it is scheduled; a running or finished campaign is locked.</summary>
    Task<CampaignSaveResult> Save(CampaignRules rules);

    /// <summary>The definition and status; null for a campaign never saved.</summary>
    Task<CampaignView?> Get();

    Task<CampaignScoreboardView?> GetScoreboard();

    /// <summary>An agent's absolute tally, sent after every change to it; ignored once the campaign is frozen.</summary>
    [OneWay]
    Task Report(CampaignTallyReport report);

    /// <summary>An agent of a participating branch changed its name or its display opt-out (sent by the branch).</summary>
    [OneWay]
    Task MemberRenamed(MemberInfo member);
}

/// <summary>
/// The campaign side of an agent (implemented by the agent grain, same key): it learns the campaigns of its
/// branches and tallies its own events for them. Key: agentId.
/// </summary>
public interface ICampaignMemberGrain : IGrainWithStringKey
{
    /// <summary>A branch's campaign list changed (pushed by the branch to its members).</summary>
    [OneWay]
    Task CampaignsChanged(string branchId, CampaignList campaigns);

    /// <summary>The agent's current tally for a campaign (empty when it has none): how a campaign heals lost reports.</summary>
    /// <remarks>Interleaves: a campaign may ask while the agent is busy recording.</remarks>
    [AlwaysInterleave]
    Task<CampaignTallyReport> GetCampaignReport(string campaignId);

    /// <summary>
    /// A campaign set up after its start: the agent counts its tally again from every event of its log applied so
    /// far, exactly as live ingest would have counted them for a campaign of <paramref name="branchIds"/>, and
    /// answers with it. Events recorded from <paramref name="asOf"/> on are left to live ingest; when the campaign's
    /// grace is over by then, everything recorded before <paramref name="asOf"/> counts.
    /// </summary>
    Task<CampaignTallyReport> Backfill(CampaignRegistration campaign, [Immutable] IReadOnlyList<string> branchIds, DateTimeOffset asOf);
}
