using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains;

[GenerateSerializer, Alias("tracking.team-state")]
public sealed class TeamState
{
    [Id(0)] public TeamInfo? Info { get; set; }
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A team's alerts (history included) and its own alert rules, if it overrides its branch's.</summary>
[GenerateSerializer, Alias("tracking.team-alerts-state")]
public sealed class TeamAlertsState
{
    [Id(0)] public List<Alert> Alerts { get; set; } = [];
    [Id(1)] public long LastSequence { get; set; }
    [Id(2)] public AlertSettings? Override { get; set; }
}

/// <summary>The live message on <c>team:{teamId}</c>: the team's stats for today's day, week and month.</summary>
[GenerateSerializer, Alias("tracking.team-live-view")]
public sealed record TeamLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string TeamId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf,
    [property: Id(4)] StatsView Day,
    [property: Id(5)] StatsView Week,
    [property: Id(6)] StatsView Month);

/// <summary>
/// A team: the latest totals of its members (only what is credited to this team), its KPIs and its live
/// topic. Totals are not stored: on activation the team asks its members again (they rebuild from the log).
/// </summary>
public sealed class TeamGrain(
    [PersistentState("team", "tracking")] IPersistentState<TeamState> state,
    [PersistentState("teamAlerts", "tracking")] IPersistentState<TeamAlertsState> alertState,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions,
    ILogger<TeamGrain> logger) : TopicOwnerGrain(time, pushOptions), ITeamGrain, IRemindable
{
    /// <summary>How often the team is judged against the alert rules while active, so a quiet agent is caught without any event.</summary>
    public static readonly TimeSpan AlertTick = TimeSpan.FromSeconds(1);

    private const string AlertReminder = "alerts";

    private readonly ReportedTotals _totals = new();
    private MemberDirectory _members = new([]);
    private StatsComposer? _composer;
    private AlertBook _alerts = null!;
    private IGrainTimer? _alertTimer;
    private readonly HashSet<string> _reportedSinceTick = new(StringComparer.Ordinal);

    private string TeamId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _alerts = new AlertBook(TeamId, alertState.State.Alerts, alertState.State.LastSequence);
        if (state.State.Info is not { } info) return;
        _members = new MemberDirectory(state.State.Members.Values);
        if (await GrainFactory.GetGrain<IBranchGrain>(info.BranchId).GetContext() is { } context) _composer = new StatsComposer(context);
        await MemberReports.CollectAsync(GrainFactory, state.State.Members.Keys.ToArray(), report => _totals.Apply(report, OwnsTeam));
        await StartAlertingAsync();
    }

    /// <summary>
    /// A timer judges the team every second while it is active; a durable reminder (every minute) brings it
    /// back after a deactivation or a node failure, so alerts fall due even when no event arrives.
    /// </summary>
    private async Task StartAlertingAsync()
    {
        if (_alertTimer is not null || state.State.Members.Count == 0) return;
        _alertTimer = this.RegisterGrainTimer(EvaluateAlerts, new GrainTimerCreationOptions(AlertTick, AlertTick) { KeepAlive = false });
        try
        {
            await this.RegisterOrUpdateReminder(AlertReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Team {TeamId}: the alert reminder could not be registered; alerts run while the team is active", TeamId);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => EvaluateAlerts();

    public Task<TeamInfo?> GetInfo() => Task.FromResult(state.State.Info);

    public async Task Upsert(TeamInfo info)
    {
        var branch = GrainFactory.GetGrain<IBranchGrain>(info.BranchId);
        state.State.Info = info;
        await state.WriteStateAsync();
        await branch.UpsertTeam(info);
        _composer = new StatsComposer(await branch.GetContext()
            ?? throw new InvalidOperationException($"Branch '{info.BranchId}' is not known."));
        TopicsChanged();
    }

    public Task<IReadOnlyList<TeamMemberView>> GetMembers()
    {
        var now = Time.GetUtcNow();
        var members = _members.Ids
            .Select(id => (Id: id, Change: _members.HistoryOf(id).ChangeAt(now)))
            .Where(m => m.Change is { Active: true } change && change.TeamId == TeamId)
            .Select(m => new TeamMemberView(m.Id, _members.NameOf(m.Id), m.Change!.EffectiveFrom))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult<IReadOnlyList<TeamMemberView>>(members);
    }

    public async Task UpsertMember(MemberInfo member)
    {
        state.State.Members[member.AgentId] = member;
        _members.Upsert(member);
        await state.WriteStateAsync();
        TopicsChanged();
        await StartAlertingAsync();
    }

    public Task SetContext(BranchContext context)
    {
        _composer = new StatsComposer(context);
        TopicsChanged();
        return EvaluateAlerts(onlyAgents: null, onTime: true);
    }

    public async Task Report(AgentTotalsReport report)
    {
        if (_totals.Apply(report, OwnsTeam).Count == 0) return;
        TopicsChanged(topic => topic.Kind == TopicKind.Team);
        // Judged at the next tick (at most a second away), not here: ingest reports arrive far more often than
        // alerts can change, and judging on each one cost a sixth of the server's CPU under load.
        _reportedSinceTick.Add(report.AgentId);
    }

    public async Task SetAlertSettings(AlertSettings? settings)
    {
        alertState.State.Override = settings;
        await alertState.WriteStateAsync();
        await EvaluateAlerts(onlyAgents: null, onTime: true);
    }

    public Task<AlertSettings> GetAlertSettings() => Task.FromResult(AlertSettingsInForce);

    public Task<IReadOnlyList<AlertView>> GetAlerts(bool all)
    {
        var alerts = all ? _alerts.Alerts.OrderByDescending(a => a.RaisedAt) : _alerts.Unresolved.Where(a => a.Status == AlertStatus.Open);
        return Task.FromResult<IReadOnlyList<AlertView>>(alerts.Select(View).ToArray());
    }

    public async Task<AlertView?> Acknowledge(string alertId)
    {
        var before = _alerts.Alerts.FirstOrDefault(a => a.AlertId == alertId);
        if (_alerts.Acknowledge(alertId, Time.GetUtcNow()) is not { } alert) return null;
        if (!ReferenceEquals(before, alert))
        {
            await SaveAlertsAsync();
            PublishAlerts([alert]);
        }
        return View(alert);
    }

    /// <summary>
    /// The alert tick. In working time the whole team is judged. Outside it time alone changes nothing (an
    /// alert open at closing time stays open overnight): only agents who reported since the last tick are
    /// judged, so an agent who does something can still resolve their alert.
    /// </summary>
    public Task EvaluateAlerts()
    {
        var reported = _reportedSinceTick.ToArray();
        _reportedSinceTick.Clear();
        return EvaluateAlerts(onlyAgents: reported, onTime: true);
    }

    private async Task EvaluateAlerts(IReadOnlyCollection<string>? onlyAgents, bool onTime)
    {
        if (_composer is not { } composer || state.State.Info is null) return;
        var now = Time.GetUtcNow();
        var calendar = composer.Calendar;
        if (onTime && !calendar.IsWorkingTime(now))
        {
            if (onlyAgents is not { Count: > 0 }) return;
        }
        else onlyAgents = null;
        var settings = AlertSettingsInForce;
        var today = composer.Clock.LocalDate(now);
        var periods = PeriodKey.AllContaining(today);
        var agents = onlyAgents is null ? _members.Ids : _members.Ids.Where(onlyAgents.Contains);
        var snapshots = agents.Select(id => Snapshot(composer, id, periods, now)).ToArray();
        var conditions = AlertEvaluator.Evaluate(snapshots, settings, composer.Pace, now);
        var changed = _alerts.Apply(conditions, snapshots.Select(s => s.AgentId).ToArray(), now, today, composer.Clock.LocalDate,
            calendar.IsWorkingTime(now), settings);
        if (changed.Count == 0) return;
        await SaveAlertsAsync();
        PublishAlerts(changed);
    }

    private AlertSettings AlertSettingsInForce => alertState.State.Override ?? _composer?.AlertSettings ?? AlertSettings.Default;

    private AlertAgentSnapshot Snapshot(StatsComposer composer, string agentId, PeriodKey[] periods, DateTimeOffset now)
    {
        var actuals = periods.ToDictionary(p => p.Kind, p => _totals.AgentTotals(agentId, p, OwnsTeam));
        var owner = TargetOwner.Agent(agentId, TeamId, composer.Branch.Id);
        var targets = periods.SelectMany(p => composer.Targets.ResolveAll(owner, p).Values).ToArray();
        var day = actuals[PeriodKind.Day];
        DateTimeOffset? lastActivity = null;
        foreach (var metric in new[] { Metric.Calls, Metric.Visits })
        {
            if (day.Values[metric] > 0m && (lastActivity is null || day.ReachedAt(metric).OccurredAt > lastActivity))
                lastActivity = day.ReachedAt(metric).OccurredAt;
        }
        return new AlertAgentSnapshot(agentId, actuals.ToDictionary(a => a.Key, a => a.Value.Values), targets, lastActivity,
            _members.HistoryOf(agentId).IsActiveMemberOf(TeamId, now));
    }

    private async Task SaveAlertsAsync()
    {
        alertState.State.Alerts = _alerts.Alerts.ToList();
        alertState.State.LastSequence = _alerts.LastSequence;
        await alertState.WriteStateAsync();
    }

    /// <summary>Every change of an alert is news for the supervisors watching <c>alerts:{teamId}</c>.</summary>
    private void PublishAlerts(IEnumerable<Alert> changed)
    {
        var topic = $"alerts:{TeamId}";
        foreach (var alert in changed)
            PublishEvent(topic, version => new TopicUpdate(topic, "alert", version, View(alert) with { Topic = topic, Version = version }));
        TopicsChanged(t => t.Kind == TopicKind.Alerts);
    }

    private AlertView View(Alert a) => new(
        a.AlertId, a.TeamId, a.AgentId,
        a.Rule == AlertRule.BehindPace ? "behindPace" : "inactive",
        a.Metric?.Name(), a.Actual, a.Expected, a.RaisedAt,
        a.Status switch { AlertStatus.Open => "open", AlertStatus.Acknowledged => "acknowledged", _ => "resolved" },
        a.AcknowledgedAt, a.ResolvedAt, _members.NameOf(a.AgentId));

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (_composer is null) return Task.FromResult<StatsView?>(null);
        var now = Time.GetUtcNow();
        return Task.FromResult<StatsView?>(Stats(_composer, _composer.PeriodOf(kind, localDate, now), now));
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        var composer = _composer ?? throw new InvalidOperationException($"Team '{TeamId}' is not set up.");
        if (topic.Kind == TopicKind.Alerts)
        {
            var open = _alerts.Unresolved.Select(View).ToArray();
            return new TopicUpdate(topic.Name, "alerts", version, new AlertsLiveView(topic.Name, TeamId, version, composer.Clock.ToLocal(asOf), open));
        }
        var today = composer.Clock.LocalDate(asOf);
        var view = new TeamLiveView(topic.Name, TeamId, version, composer.Clock.ToLocal(asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Day, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Week, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Month, today), asOf));
        return new TopicUpdate(topic.Name, "team", version, view);
    }

    public override bool SameContent(TopicUpdate a, TopicUpdate b) => (a.Payload, b.Payload) switch
    {
        (TeamLiveView x, TeamLiveView y) => StatsViews.SameContent(x.Day, y.Day) && StatsViews.SameContent(x.Week, y.Week) && StatsViews.SameContent(x.Month, y.Month),
        (AlertsLiveView x, AlertsLiveView y) => x.Alerts.Select(v => (v.AlertId, v.Status)).SequenceEqual(y.Alerts.Select(v => (v.AlertId, v.Status))),
        _ => false,
    };

    private bool OwnsTeam(string teamId) => teamId == TeamId;

    private StatsView Stats(StatsComposer composer, PeriodKey period, DateTimeOffset now)
    {
        var credited = _members.Ids.Concat(_totals.Agents).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => _totals.AgentTotals(id, period, OwnsTeam).Values, StringComparer.Ordinal);
        var kpis = KpiCalculator.Compute(composer.Clock, period, now, [TeamId],
            credited.Select(c => new KpiAgent(c.Key, _members.HistoryOf(c.Key), c.Value)),
            id => composer.AgentAttainment(id, TeamId, period, credited[id]));
        var values = MetricValues.Sum(credited.Values);
        var (_, end) = composer.Clock.Bounds(period);
        var at = now < end ? now : end.AddTicks(-1);
        var active = _members.Ids.Where(id => _members.HistoryOf(id).IsActiveMemberOf(TeamId, at)).Select(id => (id, TeamId));
        return composer.ComposeUnit(period, now, values, active, kpis) with
        {
            TeamId = TeamId,
            BranchId = composer.Branch.Id,
        };
    }
}
