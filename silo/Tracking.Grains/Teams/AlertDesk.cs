using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains.Teams;

/// <summary>
/// A team's alerts desk: judges the members against the alert rules in force (the team's own, else its
/// branch's, else the defaults), keeps every alert with its history, and tells the supervisors watching
/// <c>alerts:{teamId}</c> of every change. Made on activation, once the stored alerts are loaded.
/// </summary>
public sealed class AlertDesk(
    string teamId,
    IPersistentState<TeamAlertsState> state,
    TeamRegistry registry,
    ReportedTotals totals,
    LiveTopics live,
    TimeProvider time)
{
    private static readonly Metric[] ActivityMetrics = [Metric.Calls, Metric.Visits];

    private readonly string _topic = new Topic(TopicKind.Alerts, teamId).Name;
    private readonly HashSet<string> _reportedSinceTick = new(StringComparer.Ordinal);
    private readonly AlertBook _alerts = new(teamId, state.State.Alerts, state.State.LastSequence);

    public AlertSettings SettingsInForce => state.State.Override ?? registry.Composer?.AlertSettings ?? AlertSettings.Default;

    /// <summary>
    /// An agent reported: judged at the next tick (at most a second away), not now. Ingest reports arrive far
    /// more often than alerts can change, and judging on each one cost a sixth of the server's CPU under load.
    /// </summary>
    public void Reported(string agentId) => _reportedSinceTick.Add(agentId);

    /// <summary>
    /// The alert tick. In working time the whole team is judged. Outside it time alone changes nothing (an
    /// alert open at closing time stays open overnight): only agents who reported since the last tick are
    /// judged, so an agent who does something can still resolve their alert.
    /// </summary>
    public Task TickAsync()
    {
        var reported = _reportedSinceTick.ToArray();
        _reportedSinceTick.Clear();
        return EvaluateAsync(onlyAgents: reported);
    }

    /// <summary>Judges every member now, e.g. after the rules changed.</summary>
    public Task EvaluateAllAsync() => EvaluateAsync(onlyAgents: null);

    public async Task SetOverrideAsync(AlertSettings? settings)
    {
        state.State.Override = settings;
        await state.WriteStateAsync();
        await EvaluateAllAsync();
    }

    public IReadOnlyList<AlertView> Alerts(bool all)
    {
        var alerts = all ? _alerts.Alerts.OrderByDescending(a => a.RaisedAt) : _alerts.Unresolved.Where(a => a.Status == AlertStatus.Open);
        return alerts.Select(View).ToArray();
    }

    public async Task<AlertView?> AcknowledgeAsync(string alertId)
    {
        var before = _alerts.Alerts.FirstOrDefault(a => a.AlertId == alertId);
        if (_alerts.Acknowledge(alertId, time.GetUtcNow()) is not { } alert) return null;
        if (!ReferenceEquals(before, alert))
        {
            await SaveAsync();
            Publish([alert]);
        }
        return View(alert);
    }

    /// <summary>The snapshot of <c>alerts:{teamId}</c>: the unresolved alerts.</summary>
    public AlertsLiveView RenderTopic(Topic topic, long version, DateTimeOffset asOf, StatsComposer composer) =>
        new(topic.Name, teamId, version, composer.Clock.ToLocal(asOf), _alerts.Unresolved.Select(View).ToArray());

    /// <summary>Two snapshots show the same when the same alerts are there with the same status.</summary>
    public static bool SameAlerts(AlertsLiveView a, AlertsLiveView b) =>
        a.Alerts.Select(v => (v.AlertId, v.Status)).SequenceEqual(b.Alerts.Select(v => (v.AlertId, v.Status)));

    /// <param name="onlyAgents">Outside working time, the agents to judge (nobody when empty); ignored in working time.</param>
    private async Task EvaluateAsync(IReadOnlyCollection<string>? onlyAgents)
    {
        if (registry.Composer is not { } composer || registry.Info is null) return;
        var now = time.GetUtcNow();
        var calendar = composer.Calendar;
        if (!calendar.IsWorkingTime(now))
        {
            if (onlyAgents is not { Count: > 0 }) return;
        }
        else onlyAgents = null;
        var settings = SettingsInForce;
        var today = composer.Clock.LocalDate(now);
        var periods = PeriodKey.AllContaining(today);
        var members = registry.Members;
        var agents = onlyAgents is null ? members.Ids : members.Ids.Where(onlyAgents.Contains);
        var snapshots = agents.Select(id => Snapshot(composer, id, periods, now)).ToArray();
        var conditions = AlertEvaluator.Evaluate(snapshots, settings, composer.Pace, now);
        var changed = _alerts.Apply(conditions, snapshots.Select(s => s.AgentId).ToArray(), now, today, composer.Clock.LocalDate,
            calendar.IsWorkingTime(now), settings);
        if (changed.Count == 0) return;
        await SaveAsync();
        Publish(changed);
    }

    private AlertAgentSnapshot Snapshot(StatsComposer composer, string agentId, PeriodKey[] periods, DateTimeOffset now)
    {
        var actuals = periods.ToDictionary(p => p.Kind, p => totals.AgentTotals(agentId, p, registry.OwnsTeam));
        var owner = TargetOwner.Agent(agentId, teamId, composer.Branch.Id);
        var targets = periods.SelectMany(p => composer.Targets.ResolveAll(owner, p, actuals[p.Kind].Values).Values).ToArray();
        var day = actuals[PeriodKind.Day];
        DateTimeOffset? lastActivity = null;
        foreach (var metric in ActivityMetrics)
        {
            if (day.Values[metric] > 0m && (lastActivity is null || day.ReachedAt(metric).OccurredAt > lastActivity))
                lastActivity = day.ReachedAt(metric).OccurredAt;
        }
        return new AlertAgentSnapshot(agentId, actuals.ToDictionary(a => a.Key, a => a.Value.Values), targets, lastActivity,
            registry.Members.HistoryOf(agentId).IsActiveMemberOf(teamId, now));
    }

    private async Task SaveAsync()
    {
        state.State.Alerts = _alerts.Alerts.ToList();
        state.State.LastSequence = _alerts.LastSequence;
        await state.WriteStateAsync();
    }

    /// <summary>Every change of an alert is news for the supervisors watching <c>alerts:{teamId}</c>.</summary>
    private void Publish(IEnumerable<Alert> changed)
    {
        foreach (var alert in changed)
            live.PublishEvent(_topic, version => new TopicUpdate(_topic, TopicMessages.Alert, version, View(alert) with { Topic = _topic, Version = version }));
        live.Changed(t => t.Kind == TopicKind.Alerts);
    }

    private AlertView View(Alert a) => new(
        a.AlertId, a.TeamId, a.AgentId, a.Rule.Name(), a.Metric?.Name(), a.Actual, a.Expected, a.RaisedAt, a.Status.Name(),
        a.AcknowledgedAt, a.ResolvedAt, registry.Members.NameOf(a.AgentId));
}
