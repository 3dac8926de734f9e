namespace Tracking.Domain.Campaigns;

/// <summary>What one agent scored in a campaign while credited to one team (and its branch), and when that value was reached.</summary>
public sealed record CampaignCredit(string TeamId, string BranchId, decimal Value, ValueMark Reached);

/// <summary>A sale counted by a campaign, remembered so that its cancellation takes exactly these points back from the same credit.</summary>
public sealed record CountedPolicy(string PolicyId, decimal Points, string TeamId, string BranchId);

/// <summary>
/// One agent's score in one campaign, kept by the agent (the single writer of its events), so the campaign
/// receives absolute totals with versions rather than increments (docs/design.md, principle 4): a lost or
/// repeated report heals with the next one, and a resent event is counted once because the agent applies
/// each accepted event once. Pure: the caller supplies when the event was recorded.
/// </summary>
public sealed class CampaignTally
{
    private readonly Dictionary<(string TeamId, string BranchId), (decimal Value, ValueMark Reached)> _credits = new();
    private readonly Dictionary<string, CountedPolicy> _policies = new(StringComparer.Ordinal);

    public CampaignTally(string campaignId, DateTimeOffset freezesAt)
    {
        CampaignId = campaignId;
        FreezesAt = freezesAt;
    }

    public CampaignTally(string campaignId, DateTimeOffset freezesAt, IEnumerable<CampaignCredit> credits, IEnumerable<CountedPolicy> policies)
        : this(campaignId, freezesAt)
    {
        foreach (var credit in credits) _credits[(credit.TeamId, credit.BranchId)] = (credit.Value, credit.Reached);
        foreach (var policy in policies) _policies[policy.PolicyId] = policy;
    }

    public string CampaignId { get; }

    /// <summary>When the campaign freezes: nothing recorded from then on changes this tally.</summary>
    public DateTimeOffset FreezesAt { get; }

    public IReadOnlyList<CampaignCredit> Credits =>
        _credits.Select(c => new CampaignCredit(c.Key.TeamId, c.Key.BranchId, c.Value.Value, c.Value.Reached)).ToArray();

    public IReadOnlyCollection<CountedPolicy> CountedPolicies => _policies.Values;

    /// <summary>
    /// Counts an event that occurred inside the window, for a participant, recorded before the freeze.
    /// Cancellations go to <see cref="ApplyCancellation"/>. Returns true when the tally changed.
    /// </summary>
    public bool Apply(CampaignRegistration campaign, ActivityEvent e, string teamId, string branchId, long arrival, DateTimeOffset recordedAt)
    {
        if (e.Type == ActivityType.Cancellation) return ApplyCancellation(e, arrival, recordedAt);
        // The tally's own freeze, not the window's: a campaign set up after its grace counts what was recorded by its set-up.
        if (recordedAt >= FreezesAt || !campaign.Window.Contains(e.OccurredAt)) return false;
        if (!campaign.Participants.Includes(e.AgentId, teamId, branchId)) return false;
        var points = EventContribution.Of(e)[campaign.Metric];
        if (points == 0m) return false;
        if (e.Policy is { } sold) _policies[sold.PolicyId] = new CountedPolicy(sold.PolicyId, points, teamId, branchId);
        Add(teamId, branchId, points, new ValueMark(e.OccurredAt, arrival));
        return true;
    }

    /// <summary>
    /// A cancellation takes back what its policy's sale scored here, from the credit the sale went to,
    /// whenever the cancellation occurred, as long as the campaign is not frozen. A policy sold outside the
    /// window (or never counted) changes nothing.
    /// </summary>
    public bool ApplyCancellation(ActivityEvent e, long arrival, DateTimeOffset recordedAt)
    {
        if (e.Cancellation is not { } cancellation || recordedAt >= FreezesAt) return false;
        if (!_policies.Remove(cancellation.PolicyId, out var counted)) return false;
        Add(counted.TeamId, counted.BranchId, -counted.Points, new ValueMark(e.OccurredAt, arrival));
        return true;
    }

    public CampaignTally Clone() => new(CampaignId, FreezesAt, Credits, _policies.Values);

    private void Add(string teamId, string branchId, decimal points, ValueMark mark)
    {
        var key = (teamId, branchId);
        var (value, reached) = _credits.GetValueOrDefault(key);
        _credits[key] = (value + points, ValueMark.Max(reached, mark));
    }
}

/// <summary>Every campaign tally of one agent.</summary>
public sealed class CampaignTallies
{
    /// <summary>How long a tally is kept after its campaign froze (the campaign holds the final standings by then).</summary>
    public static readonly TimeSpan KeepAfterFreeze = TimeSpan.FromDays(1);

    private readonly Dictionary<string, CampaignTally> _tallies = new(StringComparer.Ordinal);

    public IReadOnlyCollection<CampaignTally> All => _tallies.Values;

    public CampaignTally? Find(string campaignId) => _tallies.GetValueOrDefault(campaignId);

    /// <summary>
    /// Applies an accepted event to the campaigns of the branch it is credited to (a cancellation: to every
    /// tally that counted the policy). Adds the id of every campaign whose tally changed to <paramref name="changed"/>.
    /// </summary>
    public void Apply(IEnumerable<CampaignRegistration> campaigns, ActivityEvent e, string teamId, string branchId,
        long arrival, DateTimeOffset recordedAt, ISet<string> changed)
    {
        if (e.Type == ActivityType.Cancellation)
        {
            foreach (var tally in _tallies.Values)
            {
                if (tally.ApplyCancellation(e, arrival, recordedAt)) changed.Add(tally.CampaignId);
            }
            return;
        }
        foreach (var campaign in campaigns)
        {
            if (!campaign.Window.Contains(e.OccurredAt) || campaign.Window.IsFrozenAt(recordedAt)) continue;
            if (!_tallies.TryGetValue(campaign.CampaignId, out var tally))
                tally = new CampaignTally(campaign.CampaignId, campaign.Window.FreezesAt);
            if (!tally.Apply(campaign, e, teamId, branchId, arrival, recordedAt)) continue;
            _tallies[campaign.CampaignId] = tally;
            changed.Add(campaign.CampaignId);
        }
    }

    /// <summary>Puts a tally in place of the one held for its campaign (a campaign set up late, counted again from the log).</summary>
    public void Replace(CampaignTally tally) => _tallies[tally.CampaignId] = tally;

    /// <summary>Drops the tallies of campaigns frozen before <paramref name="cutoff"/>.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        foreach (var id in _tallies.Values.Where(t => t.FreezesAt < cutoff).Select(t => t.CampaignId).ToList()) _tallies.Remove(id);
    }

    public void Restore(IEnumerable<CampaignTally> tallies)
    {
        _tallies.Clear();
        foreach (var tally in tallies) _tallies[tally.CampaignId] = tally.Clone();
    }
}
