namespace Tracking.Domain.Celebrations;

/// <summary>What an agent's new standing did to the top of a board.</summary>
public enum LeaderChange
{
    /// <summary>Rank 1 is held by the same agent as before (or the agent is not near it).</summary>
    None,
    /// <summary>The agent took rank 1 from another agent who had a positive value: a rankUp.</summary>
    Overtook,
    /// <summary>The leader's own value fell: someone else may lead now, rank the board again (<see cref="LeaderWatch.Reset"/>).</summary>
    LeaderFell,
}

/// <summary>
/// Who leads one board (e.g. the FYP day board of a branch), so that an agent rising to rank 1 is seen
/// in O(1) per change instead of ranking the whole board on every event. The order is the leaderboard's:
/// value, then who reached it first (<see cref="Ranking"/>). Taking the lead of an empty board (the day's
/// first sale) or tying the leader is not an overtake.
/// </summary>
public sealed class LeaderWatch
{
    private PeriodKey? _period;
    private RankingInput? _leader;

    public RankingInput? Leader => _leader;

    public bool Watches(PeriodKey period) => _period == period;

    /// <summary>Starts watching a period with its current leader (null for an empty board).</summary>
    public void Reset(PeriodKey period, RankingInput? leader)
    {
        _period = period;
        _leader = leader is { Value: > 0m } ? leader : null;
    }

    /// <summary>Takes an agent's new standing on the watched board.</summary>
    public LeaderChange Observe(RankingInput standing)
    {
        if (_leader is not { } leader)
        {
            if (standing.Value > 0m) _leader = standing;
            return LeaderChange.None;
        }
        if (leader.Id == standing.Id)
        {
            var fell = standing.Value < leader.Value;
            _leader = standing;
            return fell ? LeaderChange.LeaderFell : LeaderChange.None;
        }
        if (standing.Value <= 0m || Ranking.Compare(standing, leader) >= 0) return LeaderChange.None;
        _leader = standing;
        return LeaderChange.Overtook;
    }
}
