using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Grains.Notifications;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains.Teams;

/// <summary>
/// A team's alerts desk: judges the members against the alert rules in force (the team's own, else its
/// branch's, else the defaults), keeps every alert with its history, and tells the supervisors watching
/// <c>alerts:{teamId}</c> of every change. Made on activation, once the stored alerts are loaded.
/// behindPace and inactive follow working time; renewalAtRisk follows the day and the members' items near their
/// grace end, which <paramref name="renewals"/> keeps. Every change of an alert is also a notice for the webhooks (and
/// a raised one for the supervisors' Web Push), kept in <paramref name="notices"/> and stored with the alerts.
/// </summary>
public sealed class AlertDesk(
    string teamId,
    IPersistentState<TeamAlertsState> state,
    TeamRegistry registry,
    ReportedTotals totals,
    RenewalWatch renewals,
    LiveTopics live,
    NoticeJournal notices,
    TimeProvider time)
{
    private static readonly Metric[] ActivityMetrics = [Metric.Calls, Metric.Visits];

    private readonly string _topic = new Topic(TopicKind.Alerts, teamId).Name;
    private readonly HashSet<string> _reportedSinceTick = new(StringComparer.Ordinal);
    private readonly AlertBook _alerts = new(teamId, state.State.Alerts, state.State.LastSequence);
    // In working time, when each member must be judged again if nothing is reported (see AlertSchedule); a member
    // not in it is judged at the next tick.
    private readonly Dictionary<string, DateTimeOffset> _judgeAgainAt = new(StringComparer.Ordinal);
    // What the last judgement of the whole team was made under: a change of any of it judges everybody again.
    private (bool WorkingTime, DateOnly Day, StatsComposer Composer, AlertSettings Settings)? _judgedAllUnder;
    // The branch-local day renewalAtRisk was last judged on: a new day (an item lapsed at midnight) is judged at once.
    private DateOnly? _renewalsJudgedOn;

    public AlertSettings SettingsInForce => state.State.Override ?? registry.Composer?.AlertSettings ?? AlertSettings.Default;

    /// <summary>
    /// An agent reported: judged at the next tick (at most a second away), not now. Ingest reports arrive far
    /// more often than alerts can change, and judging on each one cost a sixth of the server's CPU under load.
    /// </summary>
    public void Reported(string agentId) => _reportedSinceTick.Add(agentId);

    /// <summary>An agent's renewal items changed: read again at the next tick.</summary>
    public void RenewalsChanged(string agentId) => renewals.Changed(agentId);

    /// <summary>The members changed: every member's renewal items are read again, and every member judged, at the next tick.</summary>
    public void MembersChanged()
    {
        renewals.ReadAllSoon();
        _judgeAgainAt.Clear(); // a membership may now end or begin at another instant
    }

    /// <summary>
    /// The alert tick. In working time the whole team is judged when working time began, a new day began or the
    /// rules, targets or members changed; otherwise the members who reported and those whose standing time alone
    /// may change soon (<see cref="AlertSchedule"/>; at the latest every minute). Outside it time alone changes nothing for
    /// behindPace and inactive (an alert open at closing time stays open overnight): only agents who reported
    /// since the last tick are judged, so an agent who does something can still resolve their alert.
    /// renewalAtRisk is judged in working time and, outside it, when an item changed or a new day began (a
    /// collected or lapsed item resolves its alert at once, day or night).
    /// </summary>
    public Task TickAsync()
    {
        if (notices.Count > 0) notices.HandOff(); // what a failed handoff left
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
        if (!ReferenceEquals(before, alert)) await SaveAndPublishAsync([alert]);
        return View(alert);
    }

    /// <summary>The snapshot of <c>alerts:{teamId}</c>: the unresolved alerts.</summary>
    public AlertsLiveView RenderTopic(Topic topic, long version, DateTimeOffset asOf, StatsComposer composer) =>
        new(topic.Name, teamId, version, composer.Clock.ToLocal(asOf), _alerts.Unresolved.Select(View).ToArray());

    /// <summary>Two snapshots show the same when the same alerts are there with the same status.</summary>
    public static bool SameAlerts(AlertsLiveView a, AlertsLiveView b) =>
        a.Alerts.Select(v => (v.AlertId, v.Status)).SequenceEqual(b.Alerts.Select(v => (v.AlertId, v.Status)));

    /// <param name="onlyAgents">Outside working time, the agents to judge for behindPace and inactive (nobody when empty);
    /// null for everybody (the rules changed); ignored in working time.</param>
    private async Task EvaluateAsync(IReadOnlyCollection<string>? onlyAgents)
    {
        if (registry.Composer is not { } composer || registry.Info is null) return;
        var now = time.GetUtcNow();
        var workingTime = composer.Calendar.IsWorkingTime(now);
        var today = composer.Clock.LocalDate(now);
        var reported = onlyAgents is { Count: > 0 };
        var settings = SettingsInForce;
        // At night with nothing reported, nothing read and the day unchanged, nothing can change.
        if (!workingTime && !reported && onlyAgents is not null && _renewalsJudgedOn == today
            && !(settings.RenewalAtRiskEnabled && renewals.HasPendingReads)) return;

        var members = registry.Members;
        var active = members.Ids.Where(id => members.HistoryOf(id).IsActiveMemberOf(teamId, now)).ToHashSet(StringComparer.Ordinal);
        var itemsMoved = await RefreshRenewalsAsync(settings, active, today, now, workingTime);
        var judgeRenewals = workingTime || itemsMoved || onlyAgents is null || _renewalsJudgedOn != today;
        var judgedAllUnder = (workingTime, today, composer, settings);
        var everybody = onlyAgents is null || _judgedAllUnder != judgedAllUnder;
        HashSet<string>? paced = workingTime
            ? (everybody ? members.Ids : members.Ids.Where(id => DueForJudgement(id, onlyAgents!, now))).ToHashSet(StringComparer.Ordinal)
            : reported ? members.Ids.Where(onlyAgents!.Contains).ToHashSet(StringComparer.Ordinal)
            : null;
        if (everybody)
        {
            _judgedAllUnder = judgedAllUnder;
            _judgeAgainAt.Clear();
        }
        if (paced is null && !judgeRenewals) return;

        var conditions = new List<AlertCondition>();
        AlertAgentSnapshot[] snapshots = [];
        if (paced is not null)
        {
            var periods = PeriodKey.AllContaining(today);
            snapshots = paced.Select(id => Snapshot(composer, id, periods, now)).ToArray();
            conditions.AddRange(AlertEvaluator.Evaluate(snapshots, settings, composer.Pace, now));
        }
        var paceConditions = conditions.ToArray();
        if (judgeRenewals)
        {
            conditions.AddRange(AlertEvaluator.RenewalsAtRisk(renewals.Items.Where(i => active.Contains(i.Due.AgentId)), settings, today));
            _renewalsJudgedOn = today;
        }
        // A renewalAtRisk alert of an active member is judged only once the member's items have been read.
        var changed = _alerts.Apply(conditions,
            alert => alert.Rule == AlertRule.RenewalAtRisk
                ? judgeRenewals && (!settings.RenewalAtRiskEnabled || !active.Contains(alert.AgentId) || renewals.Knows(alert.AgentId))
                : paced is not null && paced.Contains(alert.AgentId),
            now, today, composer.Clock.LocalDate, workingTime, settings);
        if (workingTime && snapshots.Length > 0) PlanNextJudgements(snapshots, paceConditions, settings, composer, now);
        if (changed.Count == 0) return;
        await SaveAndPublishAsync(changed);
    }

    private bool DueForJudgement(string agentId, IReadOnlyCollection<string> reported, DateTimeOffset now) =>
        reported.Contains(agentId) || !_judgeAgainAt.TryGetValue(agentId, out var at) || at <= now;

    private void PlanNextJudgements(AlertAgentSnapshot[] judged, AlertCondition[] holding, AlertSettings settings, StatsComposer composer, DateTimeOffset now)
    {
        var members = registry.Members;
        var next = AlertSchedule.NextJudgements(judged, holding, settings, composer.Pace, now, AlertSchedule.DefaultLookahead,
            (agentId, instant) => members.HistoryOf(agentId).IsActiveMemberOf(teamId, instant), _alerts.Alerts);
        foreach (var (agentId, at) in next) _judgeAgainAt[agentId] = at;
    }

    /// <summary>Reads the members' items at risk as due (in working time also once a minute); with the rule off, forgets them.</summary>
    private Task<bool> RefreshRenewalsAsync(AlertSettings settings, IReadOnlySet<string> active, DateOnly today, DateTimeOffset now, bool workingTime)
    {
        if (settings.RenewalAtRiskEnabled)
            return renewals.RefreshAsync(active, today, settings.RenewalAtRiskDaysBeforeGraceEnd, now, periodic: workingTime);
        renewals.Stop();
        return Task.FromResult(false);
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

    /// <summary>
    /// Stores the alerts with the notices of their changes in one write, then tells the supervisors watching
    /// <c>alerts:{teamId}</c> and hands the notices over.
    /// </summary>
    private async Task SaveAndPublishAsync(IReadOnlyList<Alert> changed)
    {
        var views = changed.Select(View).ToArray();
        if (registry.Composer?.Branch is { } branch)
        {
            foreach (var view in views) notices.Add(WebhookNotices.OfAlert(view, branch.Id, branch.Language, registry.Info));
        }
        state.State.Alerts = _alerts.Alerts.ToList();
        state.State.LastSequence = _alerts.LastSequence;
        state.State.Notices = notices.Stored;
        await state.WriteStateAsync();
        foreach (var view in views)
            live.PublishEvent(_topic, version => new TopicUpdate(_topic, TopicMessages.Alert, version, view with { Topic = _topic, Version = version }));
        live.Changed(t => t.Kind == TopicKind.Alerts);
        notices.HandOff();
    }

    private AlertView View(Alert a) => new(
        a.AlertId, a.TeamId, a.AgentId, a.Rule.Name(), a.MetricName(), a.Actual, a.Expected, a.RaisedAt, a.Status.Name(),
        a.AcknowledgedAt, a.ResolvedAt, registry.Members.NameOf(a.AgentId),
        PolicyId: a.Item?.PolicyId, DueDate: a.Item?.DueDate, GraceEndsOn: a.Item?.GraceEndsOn);
}
