namespace Tracking.Domain.Celebrations;

/// <summary>A target an agent has just reached: its attainment crossed 100 % in a current period.</summary>
public sealed record TargetReached(string AgentId, Metric Metric, PeriodKey Period, decimal Value, decimal Target);

/// <summary>
/// Finds targets whose attainment crosses 1.0 upwards with a change, and cheers each (agent, metric,
/// period) once: dropping back below (a cancellation) and climbing again is not news twice. For one
/// change it reports, per metric, only the widest period crossed (a month target reached with the same
/// sale as the day's is the month's news).
/// </summary>
public sealed class TargetReachedWatch
{
    private readonly HashSet<(string AgentId, Metric Metric, PeriodKey Period)> _cheered = new();

    /// <param name="changes">For each current period touched: the agent's targets there and its values before and after the change.</param>
    public IReadOnlyList<TargetReached> Check(
        string agentId,
        IEnumerable<(PeriodKey Period, IReadOnlyDictionary<Metric, ResolvedTarget> Targets, MetricValues Before, MetricValues After)> changes)
    {
        var widest = new Dictionary<Metric, TargetReached>();
        foreach (var (period, targets, before, after) in changes)
        {
            foreach (var (metric, target) in targets)
            {
                if (target.Value <= 0m || before[metric] >= target.Value || after[metric] < target.Value) continue;
                if (!_cheered.Add((agentId, metric, period))) continue;
                var reached = new TargetReached(agentId, metric, period, after[metric], target.Value);
                if (!widest.TryGetValue(metric, out var held) || period.Kind > held.Period.Kind) widest[metric] = reached;
            }
        }
        return widest.Values.OrderBy(r => r.Metric).ToArray();
    }

    /// <summary>Forgets periods that ended before <paramref name="today"/> (they can no longer be current).</summary>
    public void Prune(DateOnly today) => _cheered.RemoveWhere(k => k.Period.End <= today);
}
