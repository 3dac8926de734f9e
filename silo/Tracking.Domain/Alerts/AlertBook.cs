namespace Tracking.Domain.Alerts;

/// <summary>The renewal item an alert of <see cref="AlertRule.RenewalAtRisk"/> is about: a policy's premium due on a date.</summary>
public sealed record RenewalItemRef(string PolicyId, DateOnly DueDate, DateOnly GraceEndsOn);

/// <summary>
/// What makes two alerts the same alert: agent, rule and metric, and for <see cref="AlertRule.RenewalAtRisk"/>
/// the item (policy and due date; its grace end follows from them).
/// </summary>
public readonly record struct AlertKey(string AgentId, AlertRule Rule, Metric? Metric, string? PolicyId = null, DateOnly? DueDate = null)
{
    public static AlertKey Of(string agentId, AlertRule rule, Metric? metric, RenewalItemRef? item) =>
        new(agentId, rule, metric, item?.PolicyId, item?.DueDate);
}

/// <summary>
/// An alert as supervisors see it. <see cref="Metric"/> is null for <see cref="AlertRule.Inactive"/> and
/// <see cref="AlertRule.RenewalAtRisk"/>; <see cref="Item"/> is set for <see cref="AlertRule.RenewalAtRisk"/> only.
/// </summary>
public sealed record Alert(
    string AlertId,
    string TeamId,
    string AgentId,
    AlertRule Rule,
    Metric? Metric,
    decimal Actual,
    decimal Expected,
    DateTimeOffset RaisedAt,
    AlertStatus Status,
    DateTimeOffset? AcknowledgedAt = null,
    DateTimeOffset? ResolvedAt = null,
    RenewalItemRef? Item = null)
{
    public bool IsUnresolved => Status != AlertStatus.Resolved;

    public AlertKey Key => AlertKey.Of(AgentId, Rule, Metric, Item);
}

/// <summary>
/// A team's alerts and the rules against alert fatigue:
/// <list type="bullet">
/// <item>at most one unresolved alert (open or acknowledged) per agent, rule and metric (and renewal item);</item>
/// <item>an unresolved alert whose condition no longer holds is resolved (the agent caught up);</item>
/// <item>a new alert is raised only inside working time, not within the cool-down after the last
/// acknowledgement of the same agent, rule and metric, and not beyond the team's daily cap (alerts raised
/// on the branch-local day).</item>
/// </list>
/// Pure: the caller supplies the conditions, the time and whether it is working time.
/// </summary>
public sealed class AlertBook
{
    /// <summary>How long resolved alerts are kept as history.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    private readonly List<Alert> _alerts;

    public AlertBook(string teamId, IEnumerable<Alert>? alerts = null, long lastSequence = 0)
    {
        TeamId = teamId;
        _alerts = alerts?.ToList() ?? [];
        LastSequence = lastSequence;
    }

    public string TeamId { get; }

    public long LastSequence { get; private set; }

    public IReadOnlyList<Alert> Alerts => _alerts;

    public IEnumerable<Alert> Unresolved => _alerts.Where(a => a.IsUnresolved);

    /// <summary>
    /// Brings the book in line with the conditions that hold now for <paramref name="evaluatedAgents"/>
    /// (alerts of other agents are left alone). Returns every alert raised or resolved, in that order.
    /// </summary>
    public IReadOnlyList<Alert> Apply(
        IReadOnlyCollection<AlertCondition> conditions,
        IReadOnlyCollection<string> evaluatedAgents,
        DateTimeOffset now,
        DateOnly localToday,
        Func<DateTimeOffset, DateOnly> localDateOf,
        bool workingTime,
        AlertSettings settings) =>
        Apply(conditions, alert => evaluatedAgents.Contains(alert.AgentId), now, localToday, localDateOf, workingTime, settings);

    /// <summary>
    /// Brings the book in line with the conditions that hold now; <paramref name="judged"/> tells which unresolved
    /// alerts this evaluation judged (the others are left alone, whatever the conditions say). Returns every alert
    /// raised or resolved, in that order.
    /// </summary>
    public IReadOnlyList<Alert> Apply(
        IReadOnlyCollection<AlertCondition> conditions,
        Func<Alert, bool> judged,
        DateTimeOffset now,
        DateOnly localToday,
        Func<DateTimeOffset, DateOnly> localDateOf,
        bool workingTime,
        AlertSettings settings)
    {
        var changed = new List<Alert>();
        var holding = conditions.Select(c => c.Key).ToHashSet();
        for (var i = 0; i < _alerts.Count; i++)
        {
            var alert = _alerts[i];
            if (!alert.IsUnresolved || holding.Contains(alert.Key) || !judged(alert)) continue;
            _alerts[i] = alert with { Status = AlertStatus.Resolved, ResolvedAt = now };
            changed.Add(_alerts[i]);
        }

        if (workingTime)
        {
            // Raised alerts go before the resolved ones in the result ("raised or resolved, in that order").
            var raisedCount = 0;
            var raisedToday = _alerts.Count(a => localDateOf(a.RaisedAt) == localToday);
            foreach (var condition in conditions)
            {
                var key = condition.Key;
                if (_alerts.Any(a => a.IsUnresolved && a.Key == key)) continue;
                if (InCooldown(key, now, settings)) continue;
                if (raisedToday >= settings.DailyCapPerTeam) break;
                var alert = new Alert($"{TeamId}.{++LastSequence}", TeamId, condition.AgentId, condition.Rule, condition.Metric,
                    condition.Actual, condition.Expected, now, AlertStatus.Open, Item: condition.Item);
                _alerts.Add(alert);
                changed.Insert(raisedCount++, alert);
                raisedToday++;
            }
        }

        _alerts.RemoveAll(a => !a.IsUnresolved && now - a.ResolvedAt > History);
        return changed;
    }

    /// <summary>Marks an open alert acknowledged; acknowledging again changes nothing. Null when unknown.</summary>
    public Alert? Acknowledge(string alertId, DateTimeOffset now)
    {
        var index = _alerts.FindIndex(a => a.AlertId == alertId);
        if (index < 0) return null;
        var alert = _alerts[index];
        if (alert.Status != AlertStatus.Open) return alert;
        return _alerts[index] = alert with { Status = AlertStatus.Acknowledged, AcknowledgedAt = now };
    }

    private bool InCooldown(AlertKey key, DateTimeOffset now, AlertSettings settings) =>
        _alerts.Any(a => a.Key == key && a.AcknowledgedAt is { } acked && now - acked < settings.Cooldown);
}
