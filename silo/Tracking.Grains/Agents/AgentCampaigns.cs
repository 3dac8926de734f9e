using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Abstractions.Storage;
using Tracking.Domain;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Agents;

/// <summary>
/// The agent's part in campaigns: which campaigns its branches run (pushed by the branches, asked for now and
/// then), its own tallies for them, and the absolute tallies it reports to them.
/// </summary>
public sealed class AgentCampaigns(string agentId, AgentProfile profile, IGrainFactory grains, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// How long a branch's campaign list is trusted before the next batch asks the branch again. Branches push
    /// every change; asking now and then heals a push lost with a node.
    /// </summary>
    public static readonly TimeSpan ListRefresh = TimeSpan.FromSeconds(30);

    private readonly CampaignTallies _tallies = new();
    private readonly GrainReferenceCache<ICampaignGrain> _campaigns = new(grains, capacity: 256);
    private readonly Dictionary<string, DateTimeOffset> _listsCheckedAt = new(StringComparer.Ordinal);
    /// <summary>Until when every branch's campaign list is fresh: a batch before then asks nobody (the ingest fast path).</summary>
    private DateTimeOffset _listsFreshUntil = DateTimeOffset.MinValue;
    private long _version;

    public void Restore(AgentLedgerSnapshot snapshot) => _tallies.Restore(snapshot.CampaignTallies);

    /// <summary>Copies of the tallies still needed (those of campaigns frozen long ago are dropped first).</summary>
    public void CopyTo(AgentLedgerSnapshot snapshot)
    {
        _tallies.Prune(time.GetUtcNow() - CampaignTallies.KeepAfterFreeze);
        snapshot.CampaignTallies = _tallies.All.Select(t => t.Clone()).ToList();
    }

    /// <summary>
    /// Tallies an event credited to <paramref name="teamId"/> for the campaigns of that team's branch
    /// (<paramref name="recordedAt"/> decides whether a campaign is frozen); collects the campaigns it changed.
    /// </summary>
    public void Apply(ActivityEvent e, string teamId, long arrival, DateTimeOffset recordedAt, ISet<string> changed)
    {
        if (profile.BranchOf(teamId) is { } branchId)
            _tallies.Apply(profile.CampaignsOf(branchId), e, teamId, branchId, arrival, recordedAt, changed);
    }

    /// <summary>
    /// Counts a campaign set up late from the agent's logged events, each credited to the team of its time as live
    /// ingest credits it (only in <paramref name="branchIds"/>, the branches the campaign is registered with), and
    /// puts the tally in place of any held: the log holds every event live ingest could have counted so far.
    /// </summary>
    public CampaignTallyReport Backfill(CampaignRegistration campaign, IReadOnlyList<string> branchIds, DateTimeOffset asOf, IReadOnlyList<LoggedEvent> logged)
    {
        var freezesAt = campaign.Window.FreezesAt > asOf ? campaign.Window.FreezesAt : asOf;
        var tally = new CampaignTally(campaign.CampaignId, freezesAt);
        foreach (var (sequence, e, recordedAt) in logged)
        {
            var teamId = profile.TeamAt(e.OccurredAt);
            if (profile.BranchOf(teamId) is not { } branchId) continue;
            var arrival = AgentBook.ArrivalOf(recordedAt, sequence);
            if (e.Type == ActivityType.Cancellation) tally.ApplyCancellation(e, arrival, recordedAt);
            else if (branchIds.Contains(branchId, StringComparer.Ordinal)) tally.Apply(campaign, e, teamId, branchId, arrival, recordedAt);
        }
        _tallies.Replace(tally);
        return ReportFor(campaign.CampaignId);
    }

    /// <summary>Absolute tallies to the campaigns they changed (one-way: ingest never waits for a campaign).</summary>
    public void Report(IEnumerable<string> campaignIds)
    {
        foreach (var campaignId in campaignIds) _campaigns[campaignId].Report(ReportFor(campaignId));
    }

    public CampaignTallyReport ReportFor(string campaignId) =>
        new(campaignId, agentId, VersionClock.Next(ref _version, time), _tallies.Find(campaignId)?.Credits ?? []);

    /// <summary>A branch pushed its new campaign list.</summary>
    public async Task ListChangedAsync(string branchId, CampaignList list)
    {
        _listsCheckedAt[branchId] = time.GetUtcNow();
        await profile.StoreCampaignListAsync(branchId, list);
    }

    /// <summary>The agent joined a team: a new branch may have come with it, whose list nobody asked for yet.</summary>
    public void BranchesChanged() => _listsFreshUntil = DateTimeOffset.MinValue;

    /// <summary>A campaign was just registered with the agent's branches: ask them all again before the next batch.</summary>
    public void ListsStale()
    {
        _listsCheckedAt.Clear();
        _listsFreshUntil = DateTimeOffset.MinValue;
    }

    /// <summary>Asks the agent's branches for their campaigns when the held lists are older than <see cref="ListRefresh"/>.</summary>
    public async Task RefreshListsAsync()
    {
        var now = time.GetUtcNow();
        if (now < _listsFreshUntil) return;
        var freshUntil = DateTimeOffset.MaxValue;
        foreach (var branchId in profile.Branches())
        {
            if (!_listsCheckedAt.TryGetValue(branchId, out var checkedAt) || now < checkedAt || now - checkedAt >= ListRefresh)
            {
                try
                {
                    var list = await grains.GetGrain<IBranchGrain>(branchId).GetCampaigns();
                    _listsCheckedAt[branchId] = checkedAt = now;
                    await profile.StoreCampaignListAsync(branchId, list);
                }
                catch (Exception ex)
                {
                    // Ingest goes on with the list held; the next batch asks again.
                    logger.LogWarning(ex, "Agent {AgentId}: the campaigns of branch {BranchId} could not be read", agentId, branchId);
                    freshUntil = now;
                    continue;
                }
            }
            if (checkedAt + ListRefresh < freshUntil) freshUntil = checkedAt + ListRefresh;
        }
        _listsFreshUntil = freshUntil;
    }
}
