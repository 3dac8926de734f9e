using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains;

/// <summary>
/// The latest absolute totals an aggregate (team or branch) received from each agent, per period.
/// A report older than what is held is ignored, so lost, repeated or reordered reports heal themselves.
/// </summary>
public sealed class ReportedTotals
{
    private sealed record Entry(long Version, IReadOnlyList<TeamShare> Shares);

    private readonly Dictionary<string, Dictionary<PeriodKey, Entry>> _byAgent = new(StringComparer.Ordinal);

    /// <summary>Takes the periods of a report that are newer than held; returns the periods that changed.</summary>
    public IReadOnlyList<PeriodKey> Apply(AgentTotalsReport report, Func<string, bool> ownsTeam)
    {
        if (!_byAgent.TryGetValue(report.AgentId, out var periods)) _byAgent[report.AgentId] = periods = new();
        List<PeriodKey>? changed = null;
        foreach (var periodReport in report.Periods)
        {
            if (periods.TryGetValue(periodReport.Period, out var held) && held.Version >= report.Version) continue;
            var shares = periodReport.Shares.Where(s => ownsTeam(s.TeamId)).ToArray();
            periods[periodReport.Period] = new Entry(report.Version, shares);
            (changed ??= []).Add(periodReport.Period);
        }
        return changed ?? (IReadOnlyList<PeriodKey>)[];
    }

    public IEnumerable<string> Agents => _byAgent.Keys;

    /// <summary>An agent's totals for a period, over the teams that <paramref name="team"/> selects (all when null).</summary>
    public PeriodTotals AgentTotals(string agentId, PeriodKey period, Func<string, bool>? team = null)
    {
        var sum = new PeriodTotals();
        if (_byAgent.TryGetValue(agentId, out var periods) && periods.TryGetValue(period, out var entry))
        {
            foreach (var share in entry.Shares)
            {
                if (team is null || team(share.TeamId)) sum.Add(share.Totals);
            }
        }
        return sum;
    }

    /// <summary>True when the agent has any reported share in the period.</summary>
    public bool HasShares(string agentId, PeriodKey period) =>
        _byAgent.TryGetValue(agentId, out var periods) && periods.TryGetValue(period, out var entry) && entry.Shares.Count > 0;

    /// <summary>The totals of one team in a period, summed over every agent credited to it.</summary>
    public PeriodTotals TeamTotals(string teamId, PeriodKey period)
    {
        var sum = new PeriodTotals();
        foreach (var agentId in _byAgent.Keys) sum.Add(AgentTotals(agentId, period, t => t == teamId));
        return sum;
    }
}
