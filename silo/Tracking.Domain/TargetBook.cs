namespace Tracking.Domain;

/// <summary>
/// Whose target is being asked for, as the chain of scopes searched from the narrowest:
/// an agent (agent, its team, its branch), a team (team, its branch) or a branch.
/// </summary>
public sealed class TargetOwner
{
    private TargetOwner(IReadOnlyList<(TargetScope Scope, string Id)> chain) => Chain = chain;

    /// <summary>
    /// An agent; <paramref name="teamId"/> is the team the agent belongs to at the end of the period
    /// (or now, for a running period), as the contract says. Null when the agent has no team.
    /// </summary>
    public static TargetOwner Agent(string agentId, string? teamId, string branchId) =>
        new(teamId is null
            ? [(TargetScope.Agent, agentId), (TargetScope.Branch, branchId)]
            : [(TargetScope.Agent, agentId), (TargetScope.Team, teamId), (TargetScope.Branch, branchId)]);

    /// <summary>A team's own stats: the team's target, else the branch's.</summary>
    public static TargetOwner Team(string teamId, string branchId) =>
        new([(TargetScope.Team, teamId), (TargetScope.Branch, branchId)]);

    public static TargetOwner Branch(string branchId) => new([(TargetScope.Branch, branchId)]);

    /// <summary>Scopes in the order they are searched (narrowest first).</summary>
    public IReadOnlyList<(TargetScope Scope, string Id)> Chain { get; }
}

/// <summary>The target that applies to an owner for one metric and one concrete period.</summary>
/// <param name="Value">The target for <paramref name="Period"/>.</param>
/// <param name="Source">The setting it came from (for a derived week target, the month setting).</param>
/// <param name="FromWeeklySplit">True for a week target taken from a month's weekly split.</param>
/// <param name="Scale">What the setting's value and split were multiplied by: the amount due, for a collection-rate target.</param>
public sealed record ResolvedTarget(Metric Metric, PeriodKey Period, decimal Value, TargetSetting Source, bool FromWeeklySplit, decimal Scale = 1m)
{
    /// <summary>The split that shapes pace inside this period: a month target's own split, else null.</summary>
    public IReadOnlyList<decimal>? WeeklySplit =>
        Period.Kind == PeriodKind.Month && Source.HasWeeklySplit
            ? Scale == 1m ? Source.WeeklySplit : Source.WeeklySplit!.Select(v => v * Scale).ToArray()
            : null;

    /// <summary>True for a collection-rate target: its value follows the owner's renewalDue in the period.</summary>
    public bool FollowsDue => Source.ShareOfDue && !FromWeeklySplit;

    /// <summary>
    /// This target for an owner whose renewalDue in the period is <paramref name="due"/>: a collection-rate
    /// target is that share of it; any other target does not depend on the owner's values.
    /// </summary>
    public ResolvedTarget WhenDue(decimal due) => FollowsDue ? this with { Value = Source.Value * due, Scale = due } : this;
}

/// <summary>
/// The targets of one branch (or any set of scopes), upserted by scope, id, metric and period kind,
/// and resolved for an agent, team or branch.
/// </summary>
/// <remarks>
/// Resolution rules, for a metric and a period:
/// <list type="number">
/// <item>A setting for the period's own kind wins, searched narrowest first along the owner's chain
/// (agent's own, else its team's, else its branch's). So an explicit week target always wins.</item>
/// <item>Only for a week with no such setting: take the owner's effective <em>month</em> target (same
/// chain) for the month containing the week's Thursday (the ISO rule for which month a week belongs to).
/// If that target has a weekly split, the week's target is the split value of the block containing the
/// Thursday (<see cref="WeeklySplit.BlockIndexOf"/>). A month target without a split gives no week target:
/// the narrower month plan overrides a wider scope's split.</item>
/// <item>Otherwise there is no target (attainment and pace are null).</item>
/// <item>A collection-rate setting (<see cref="TargetSetting.ShareOfDue"/>) resolves to the renewalDueCollected
/// amount of its share of the owner's renewalDue in the period (its split likewise); its month split shapes the
/// month's pace but gives no week targets, as a week's due is not the month's.</item>
/// </list>
/// </remarks>
public sealed class TargetBook
{
    private readonly Dictionary<TargetKey, TargetSetting> _settings = new();

    public TargetBook() { }

    public TargetBook(IEnumerable<TargetSetting> settings)
    {
        foreach (var setting in settings) Upsert(setting);
    }

    public IReadOnlyCollection<TargetSetting> Settings => _settings.Values;

    /// <summary>Grows with every change of the settings, so that what was resolved from them can tell it is stale.</summary>
    public long Revision { get; private set; }

    /// <summary>Stores a setting, replacing the one with the same key. Throws when <see cref="TargetSetting.Problems"/> reports any.</summary>
    public void Upsert(TargetSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var problems = setting.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(setting));
        // Copy the split so a caller's later change to its array cannot move a stored target.
        _settings[setting.Key] = setting.WeeklySplit is { } split ? setting with { WeeklySplit = split.ToArray() } : setting;
        Revision++;
    }

    public bool Remove(TargetKey key)
    {
        if (!_settings.Remove(key)) return false;
        Revision++;
        return true;
    }

    public TargetSetting? Find(TargetKey key) => _settings.GetValueOrDefault(key);

    /// <param name="values">The owner's values in the period: what a collection-rate target is a share of (none: nothing due).</param>
    public ResolvedTarget? Resolve(TargetOwner owner, Metric metric, PeriodKey period, MetricValues? values = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (FirstAlongChain(owner, metric, period.Kind) is { } own)
        {
            var target = new ResolvedTarget(metric, period, own.Value, own, FromWeeklySplit: false);
            return own.ShareOfDue ? target.WhenDue(values?[Metric.RenewalDue] ?? 0m) : target;
        }

        if (period.Kind == PeriodKind.Week
            && FirstAlongChain(owner, metric, PeriodKind.Month) is { ShareOfDue: false, WeeklySplit: { Count: > 0 } split } monthly)
        {
            var thursday = period.Start.AddDays(3);
            var value = split[WeeklySplit.BlockIndexOf(thursday, split.Count)];
            return new ResolvedTarget(metric, period, value, monthly, FromWeeklySplit: true);
        }
        return null;
    }

    /// <summary>Every metric that has a target for the owner in the period.</summary>
    /// <param name="values">The owner's values in the period, for collection-rate targets.</param>
    public IReadOnlyDictionary<Metric, ResolvedTarget> ResolveAll(TargetOwner owner, PeriodKey period, MetricValues? values = null)
    {
        var targets = new Dictionary<Metric, ResolvedTarget>();
        foreach (var metric in Metrics.All)
        {
            if (Resolve(owner, metric, period, values) is { } target) targets[metric] = target;
        }
        return targets;
    }

    /// <summary>An agent's effective target: its own, else its team's, else its branch's.</summary>
    public ResolvedTarget? ForAgent(string agentId, string? teamId, string branchId, Metric metric, PeriodKey period) =>
        Resolve(TargetOwner.Agent(agentId, teamId, branchId), metric, period);

    /// <summary>A team's own target: the team's, else its branch's.</summary>
    public ResolvedTarget? ForTeam(string teamId, string branchId, Metric metric, PeriodKey period) =>
        Resolve(TargetOwner.Team(teamId, branchId), metric, period);

    public ResolvedTarget? ForBranch(string branchId, Metric metric, PeriodKey period) =>
        Resolve(TargetOwner.Branch(branchId), metric, period);

    private TargetSetting? FirstAlongChain(TargetOwner owner, Metric metric, PeriodKind kind)
    {
        foreach (var (scope, id) in owner.Chain)
        {
            if (_settings.TryGetValue(new TargetKey(scope, id, metric, kind), out var setting)) return setting;
        }
        return null;
    }
}
