namespace Tracking.Domain.Campaigns;

/// <summary>A participant's place on a campaign scoreboard. <see cref="Progress"/> is value ÷ target (null without a target).</summary>
public sealed record CampaignScore(int Rank, string Id, decimal Value, decimal? Target, decimal? Progress);

/// <summary>
/// The campaign's side: the latest tally of every agent (highest version wins, so lost, repeated or
/// reordered reports heal themselves) and the scoreboard built from them.
/// </summary>
public sealed class CampaignStandings
{
    /// <summary>Progress is a ratio shown with four decimals; percent-of-target ranking uses the shown figure, so equal-looking scores share a rank.</summary>
    public const int ProgressDecimals = 4;

    private readonly Dictionary<string, (long Version, IReadOnlyList<CampaignCredit> Credits)> _byAgent = new(StringComparer.Ordinal);

    public IEnumerable<string> Agents => _byAgent.Keys;

    public IEnumerable<(string AgentId, long Version, IReadOnlyList<CampaignCredit> Credits)> Tallies =>
        _byAgent.Select(a => (a.Key, a.Value.Version, a.Value.Credits));

    /// <summary>Takes an agent's tally if it is newer than the one held; returns true when anything changed.</summary>
    public bool Apply(string agentId, long version, IReadOnlyList<CampaignCredit> credits)
    {
        if (_byAgent.TryGetValue(agentId, out var held))
        {
            if (held.Version >= version) return false;
            _byAgent[agentId] = (version, credits);
            return !SameCredits(held.Credits, credits);
        }
        _byAgent[agentId] = (version, credits);
        return credits.Count > 0;
    }

    /// <summary>
    /// Ranks the participants of the campaign's unit (competition ranking, ties listed by who reached the
    /// score first). Every id of <paramref name="roster"/> is listed, with zero when it has not scored; a
    /// credit counts only for a participant the rules include, grouped by the agent, or by the team or
    /// branch the agent was credited to when the event occurred.
    /// </summary>
    public IReadOnlyList<CampaignScore> Score(CampaignRules rules, IEnumerable<string> roster)
    {
        var totals = new Dictionary<string, (decimal Value, ValueMark Reached)>(StringComparer.Ordinal);
        foreach (var id in roster) totals.TryAdd(id, (0m, default));
        foreach (var (agentId, (_, credits)) in _byAgent)
        {
            foreach (var credit in credits)
            {
                if (!rules.Participants.Includes(agentId, credit.TeamId, credit.BranchId)) continue;
                var id = rules.Unit switch
                {
                    CampaignUnit.Agent => agentId,
                    CampaignUnit.Team => credit.TeamId,
                    _ => credit.BranchId,
                };
                var (value, reached) = totals.GetValueOrDefault(id);
                totals[id] = (value + credit.Value, ValueMark.Max(reached, credit.Reached));
            }
        }

        var scored = totals.Select(t =>
        {
            var target = rules.TargetOf(t.Key);
            var progress = Ratio.Of(t.Value.Value, target) is { } p ? Math.Round(p, ProgressDecimals, MidpointRounding.AwayFromZero) : (decimal?)null;
            var score = rules.Scoring == CampaignScoring.PercentOfTarget ? progress ?? 0m : t.Value.Value;
            return (Input: new RankingInput(t.Key, score, t.Value.Reached.OccurredAt, t.Value.Reached.Arrival), t.Value.Value, Target: target, Progress: progress);
        }).ToDictionary(s => s.Input.Id, StringComparer.Ordinal);

        return Ranking.Rank(scored.Values.Select(s => s.Input), scored.Count)
            .Select(r =>
            {
                var s = scored[r.Id];
                return new CampaignScore(r.Rank, r.Id, s.Value, s.Target, s.Progress);
            })
            .ToArray();
    }

    private static bool SameCredits(IReadOnlyList<CampaignCredit> a, IReadOnlyList<CampaignCredit> b) =>
        a.Count == b.Count && a.All(b.Contains);
}
