namespace Tracking.Domain.Celebrations;

/// <summary>
/// The targets an agent has in the periods current on one day, resolved once for all its reports of the day.
/// Whether a metric has a target does not depend on the agent's values, only a collection-rate target's amount
/// does: take that one with <see cref="ResolvedTarget.WhenDue"/>.
/// </summary>
public sealed class CurrentTargets
{
    public static CurrentTargets None { get; } = new([]);

    private CurrentTargets(ResolvedTarget[] targets) => Targets = targets;

    /// <summary>Resolves every metric in every period containing <paramref name="today"/> (with nothing due yet).</summary>
    public static CurrentTargets Resolve(TargetBook book, TargetOwner owner, DateOnly today)
    {
        var targets = new List<ResolvedTarget>();
        foreach (var period in PeriodKey.AllContaining(today))
        {
            foreach (var metric in Metrics.All)
            {
                if (book.Resolve(owner, metric, period) is { } target) targets.Add(target);
            }
        }
        return targets.Count == 0 ? None : new CurrentTargets([.. targets]);
    }

    /// <summary>In the order of the periods, then of the metrics.</summary>
    public IReadOnlyList<ResolvedTarget> Targets { get; }
}

/// <summary>
/// The <see cref="CurrentTargets"/> of a branch's agents, each resolved on first use and kept while the day,
/// the target book (its instance and revision) and the agent's team stay the same.
/// </summary>
public sealed class CurrentTargetsCache(string branchId)
{
    private readonly Dictionary<string, (string? TeamId, CurrentTargets Targets)> _byAgent = new(StringComparer.Ordinal);
    private TargetBook? _book;
    private long _revision;
    private DateOnly _today;

    /// <param name="teamId">The agent's team now (whose and whose branch's targets it has), null for none.</param>
    public CurrentTargets For(TargetBook book, DateOnly today, string agentId, string? teamId)
    {
        if (!ReferenceEquals(book, _book) || book.Revision != _revision || today != _today)
        {
            _byAgent.Clear();
            (_book, _revision, _today) = (book, book.Revision, today);
        }
        if (_byAgent.TryGetValue(agentId, out var held) && held.TeamId == teamId) return held.Targets;
        var targets = CurrentTargets.Resolve(book, TargetOwner.Agent(agentId, teamId, branchId), today);
        _byAgent[agentId] = (teamId, targets);
        return targets;
    }
}
