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
        WidestReached? widest = null;
        foreach (var (period, targets, before, after) in changes)
        {
            foreach (var (metric, target) in targets)
            {
                if (Cross(agentId, metric, period, target.Value, before[metric], after[metric]) is { } reached) (widest ??= new()).Offer(reached);
            }
        }
        return widest?.InMetricOrder() ?? [];
    }

    /// <summary>
    /// One target of one change: what it reached when the value went from below <paramref name="target"/> to at
    /// least it and was not cheered before; null otherwise. Of one change's crossings only the widest per metric
    /// is news (<see cref="WidestReached"/>).
    /// </summary>
    public TargetReached? Cross(string agentId, Metric metric, PeriodKey period, decimal target, decimal before, decimal after)
    {
        if (target <= 0m || before >= target || after < target) return null;
        if (!_cheered.Add((agentId, metric, period))) return null;
        return new TargetReached(agentId, metric, period, after, target);
    }

    /// <summary>Forgets periods that ended before <paramref name="today"/> (they can no longer be current).</summary>
    public void Prune(DateOnly today) => _cheered.RemoveWhere(k => k.Period.End <= today);
}

/// <summary>The targets one change reached, keeping per metric the widest period (the first offered of equally wide ones).</summary>
public sealed class WidestReached
{
    private readonly TargetReached?[] _byMetric = new TargetReached?[Metrics.Count];

    public void Offer(TargetReached reached)
    {
        ref var held = ref _byMetric[(int)reached.Metric];
        if (held is null || reached.Period.Kind > held.Period.Kind) held = reached;
    }

    public IReadOnlyList<TargetReached> InMetricOrder() => _byMetric.OfType<TargetReached>().ToArray();
}
