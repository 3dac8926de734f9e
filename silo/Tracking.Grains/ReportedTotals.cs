using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains;

/// <summary>
/// The latest absolute totals an aggregate (team or branch) received from each agent, per period.
/// A report older than what is held is ignored, so lost, repeated or reordered reports heal themselves.
/// </summary>
/// <remarks>
/// A team's totals are summed from the shares of the agents credited to it, which an index keeps, and held
/// until a report touches that team and period. They are summed again rather than adjusted by the difference
/// of an agent's old and new share: a decimal sum keeps the largest scale of its terms (1.50 − 1.50 is 0.00,
/// not 0) and the latest mark of a metric cannot be taken back out of a maximum, so only a sum of the shares
/// held now gives what every earlier reader saw.
/// </remarks>
public sealed class ReportedTotals
{
    /// <summary>An agent's latest shares of one period, and the teams (of that period) they are credited to, in the same order.</summary>
    private sealed class Entry(long version, IReadOnlyList<TeamShare> shares)
    {
        public long Version { get; set; } = version;
        public IReadOnlyList<TeamShare> Shares { get; set; } = shares;
        public TeamPeriod[] Teams { get; set; } = [];
    }

    /// <summary>The agents' entries credited to one team in one period, and their summed shares while no report changes them.</summary>
    private sealed class TeamPeriod
    {
        public HashSet<Entry> Entries { get; } = new(ReferenceEqualityComparer.Instance);
        public PeriodTotals? Sum { get; set; }
    }

    private readonly Dictionary<string, Dictionary<PeriodKey, Entry>> _byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TeamId, PeriodKey Period), TeamPeriod> _byTeam = new();

    /// <summary>Takes the periods of a report that are newer than held; returns the periods that changed.</summary>
    public IReadOnlyList<PeriodKey> Apply(AgentTotalsReport report, Func<string, bool> ownsTeam)
    {
        if (!_byAgent.TryGetValue(report.AgentId, out var periods)) _byAgent[report.AgentId] = periods = new();
        List<PeriodKey>? changed = null;
        foreach (var periodReport in report.Periods)
        {
            var period = periodReport.Period;
            var held = periods.GetValueOrDefault(period);
            if (held is not null && held.Version >= report.Version) continue;
            var shares = Owned(periodReport.Shares, ownsTeam);
            if (held is null) periods[period] = held = new Entry(report.Version, []);
            held.Version = report.Version;
            Credit(held, period, shares);
            (changed ??= []).Add(period);
        }
        return changed ?? (IReadOnlyList<PeriodKey>)[];
    }

    public IEnumerable<string> Agents => _byAgent.Keys;

    /// <summary>An agent's totals for a period, over the teams that <paramref name="team"/> selects (all when null).</summary>
    public PeriodTotals AgentTotals(string agentId, PeriodKey period, Func<string, bool>? team = null)
    {
        var sum = new PeriodTotals();
        if (SharesOf(agentId, period) is { } shares)
        {
            foreach (var share in shares)
            {
                if (team is null || team(share.TeamId)) sum.Add(share.Totals);
            }
        }
        return sum;
    }

    /// <summary>
    /// One metric of an agent's totals for a period, over all its teams, and when it was reached: what
    /// <see cref="AgentTotals"/> holds for the metric, without summing the others.
    /// </summary>
    public (decimal Value, ValueMark Reached) AgentValue(string agentId, PeriodKey period, Metric metric)
    {
        var value = 0m;
        var reached = default(ValueMark);
        if (SharesOf(agentId, period) is { } shares)
        {
            for (var i = 0; i < shares.Count; i++) // not foreach: an interface's enumerator is an allocation
            {
                var share = shares[i].Totals;
                value += share.Values[metric];
                reached = ValueMark.Max(reached, share.ReachedAt(metric));
            }
        }
        return (value, reached);
    }

    /// <summary>True when the agent has any reported share in the period.</summary>
    public bool HasShares(string agentId, PeriodKey period) => SharesOf(agentId, period) is { Count: > 0 };

    /// <summary>The totals of one team in a period, summed over every agent credited to it (a copy the caller may change).</summary>
    public PeriodTotals TeamTotals(string teamId, PeriodKey period) => HeldTeamTotals(teamId, period)?.Clone() ?? new PeriodTotals();

    /// <summary>One metric of <see cref="TeamTotals"/>, and when it was reached.</summary>
    public (decimal Value, ValueMark Reached) TeamValue(string teamId, PeriodKey period, Metric metric) =>
        HeldTeamTotals(teamId, period) is { } totals ? (totals.Values[metric], totals.ReachedAt(metric)) : (0m, default);

    private IReadOnlyList<TeamShare>? SharesOf(string agentId, PeriodKey period) =>
        _byAgent.TryGetValue(agentId, out var periods) && periods.TryGetValue(period, out var entry) ? entry.Shares : null;

    /// <summary>The team's sum, from the held one or summed again after a report touched it; null when no agent is credited to it.</summary>
    private PeriodTotals? HeldTeamTotals(string teamId, PeriodKey period)
    {
        if (!_byTeam.TryGetValue((teamId, period), out var team)) return null;
        if (team.Sum is { } held) return held;
        var sum = new PeriodTotals();
        foreach (var entry in team.Entries)
        {
            var shares = entry.Shares;
            for (var i = 0; i < shares.Count; i++)
            {
                if (shares[i].TeamId == teamId) sum.Add(shares[i].Totals);
            }
        }
        return team.Sum = sum;
    }

    /// <summary>
    /// Gives an entry its new shares and the teams they are credited to; the teams' sums are to be summed again.
    /// An agent's teams in a period seldom change between reports: then no team is looked up.
    /// </summary>
    private void Credit(Entry entry, PeriodKey period, IReadOnlyList<TeamShare> shares)
    {
        if (!SameTeams(entry.Shares, shares))
        {
            foreach (var team in entry.Teams)
            {
                team.Entries.Remove(entry);
                team.Sum = null;
            }
            var teams = new TeamPeriod[shares.Count];
            for (var i = 0; i < shares.Count; i++)
            {
                var key = (shares[i].TeamId, period);
                if (!_byTeam.TryGetValue(key, out var team)) _byTeam[key] = team = new TeamPeriod();
                team.Entries.Add(entry);
                teams[i] = team;
            }
            entry.Teams = teams;
        }
        entry.Shares = shares;
        foreach (var team in entry.Teams) team.Sum = null;
    }

    private static bool SameTeams(IReadOnlyList<TeamShare> held, IReadOnlyList<TeamShare> shares)
    {
        if (held.Count != shares.Count) return false;
        for (var i = 0; i < held.Count; i++)
        {
            if (!string.Equals(held[i].TeamId, shares[i].TeamId, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>The shares of teams the aggregate owns: the report's own list when it owns them all (reports are never changed).</summary>
    private static IReadOnlyList<TeamShare> Owned(IReadOnlyList<TeamShare> shares, Func<string, bool> ownsTeam)
    {
        for (var i = 0; i < shares.Count; i++)
        {
            if (!ownsTeam(shares[i].TeamId)) return shares.Where(s => ownsTeam(s.TeamId)).ToArray();
        }
        return shares;
    }
}
