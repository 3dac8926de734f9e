using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Grains.Push;
using Tracking.Grains.Teams;
using Tracking.Grains.Views;
using Tracking.Grains.Notifications;

namespace Tracking.Grains;

/// <summary>
/// A team: the latest totals of its members (only what is credited to this team), its stats and its live
/// topic, with its records in a <see cref="TeamRegistry"/> and its alerts in an <see cref="AlertDesk"/>.
/// Totals are not stored: on activation the team asks its members again (they rebuild from the log).
/// </summary>
public sealed class TeamGrain(
    [PersistentState("team", "tracking")] IPersistentState<TeamState> state,
    [PersistentState("teamAlerts", "tracking")] IPersistentState<TeamAlertsState> alertState,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions,
    NoticeHandoff noticeHandoff,
    ILogger<TeamGrain> logger) : Grain, ITeamGrain, IRemindable
{
    /// <summary>
    /// How often the team is judged against the alert rules while active, so a quiet agent is caught without any event.
    /// Twice a second: an alert then reaches the screens within a second of falling due, whatever the tick's phase and
    /// the push's own latency (a one-second tick left that to chance).
    /// </summary>
    public static readonly TimeSpan AlertTick = TimeSpan.FromMilliseconds(500);

    private const string AlertReminder = "alerts";

    private readonly ReportedTotals _totals = new();
    private TeamRegistry _registry = null!;
    private AlertDesk _alerts = null!;
    private LiveTopics _live = null!;
    private IGrainTimer? _alertTimer;

    private string TeamId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _registry = new TeamRegistry(TeamId, state);
        _live = new LiveTopics(this, time, pushOptions.Value, RendererOf);
        var notices = new NoticeJournal(noticeHandoff, alertState.State.Notices);
        _alerts = new AlertDesk(TeamId, alertState, _registry, _totals, new RenewalWatch(GrainFactory, logger), _live, notices, time);
        notices.HandOff(); // what was decided before a restart and not yet handed over
        if (state.State.Info is not { } info) return;
        _registry.Load();
        if (await GrainFactory.GetGrain<IBranchGrain>(info.BranchId).GetContext() is { } context) _registry.UseContext(context);
        await MemberReports.CollectAsync(GrainFactory, _registry.MemberIds.ToArray(), report => _totals.Apply(report, _registry.OwnsTeam));
        await StartAlertingAsync();
    }

    /// <summary>
    /// A timer judges the team every second while it is active; a durable reminder (every minute) brings it
    /// back after a deactivation or a node failure, so alerts fall due even when no event arrives.
    /// </summary>
    private async Task StartAlertingAsync()
    {
        if (_alertTimer is not null || _registry.MemberIds.Count == 0) return;
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

    public Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer) => _live.Subscribe(topic, observer);

    public Task Unsubscribe(Topic topic, ITopicObserver observer) => _live.Unsubscribe(topic, observer);

    public Task<TeamInfo?> GetInfo() => Task.FromResult(_registry.Info);

    public async Task Upsert(TeamInfo info)
    {
        var branch = GrainFactory.GetGrain<IBranchGrain>(info.BranchId);
        await _registry.UpsertAsync(info);
        await branch.UpsertTeam(info);
        _registry.UseContext(await branch.GetContext() ?? throw new InvalidOperationException($"Branch '{info.BranchId}' is not known."));
        _live.Changed();
    }

    public Task<IReadOnlyList<TeamMemberView>> GetMembers() => Task.FromResult(_registry.ActiveMembers(time.GetUtcNow()));

    public async Task UpsertMembers(IReadOnlyList<MemberInfo> members)
    {
        await _registry.UpsertMembersAsync(members);
        _live.Changed();
        _alerts.MembersChanged();
        await StartAlertingAsync();
    }

    public Task SetContext(BranchContext context)
    {
        _registry.UseContext(context);
        _live.Changed();
        return _alerts.EvaluateAllAsync();
    }

    public Task Report(AgentTotalsReport report)
    {
        if (Take(report)) _live.Changed(topic => topic.Kind == TopicKind.Team);
        return Task.CompletedTask;
    }

    public Task Reports(IReadOnlyList<AgentTotalsReport> reports)
    {
        var changed = false;
        foreach (var report in reports) changed |= Take(report);
        if (changed) _live.Changed(topic => topic.Kind == TopicKind.Team);
        return Task.CompletedTask;
    }

    /// <summary>Takes in an agent's report; true when it changed any of the team's totals.</summary>
    private bool Take(AgentTotalsReport report)
    {
        if (_totals.Apply(report, _registry.OwnsTeam).Count == 0) return false;
        _alerts.Reported(report.AgentId);
        return true;
    }

    public Task RenewalsChanged(string agentId)
    {
        _alerts.RenewalsChanged(agentId);
        return Task.CompletedTask;
    }

    public Task SetAlertSettings(AlertSettings? settings) => _alerts.SetOverrideAsync(settings);

    public Task<AlertSettings> GetAlertSettings() => Task.FromResult(_alerts.SettingsInForce);

    public Task<IReadOnlyList<AlertView>> GetAlerts(bool all) => Task.FromResult(_alerts.Alerts(all));

    public Task<AlertView?> Acknowledge(string alertId) => _alerts.AcknowledgeAsync(alertId);

    public Task EvaluateAlerts() => _alerts.TickAsync();

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (_registry.Composer is not { } composer) return Task.FromResult<StatsView?>(null);
        var now = time.GetUtcNow();
        return Task.FromResult<StatsView?>(Stats(composer, composer.PeriodOf(kind, localDate, now), now));
    }

    private ITopicSource RendererOf(Topic topic) => topic.Kind == TopicKind.Alerts
        ? new TopicRenderer<AlertsLiveView>(TopicMessages.Alerts, (t, version, asOf) => _alerts.RenderTopic(t, version, asOf, Composer), AlertDesk.SameAlerts)
        : new TopicRenderer<TeamLiveView>(TopicMessages.Team, RenderTeam, SameStats);

    /// <summary>The team's stats for today's day, week, month, quarter and year.</summary>
    private TeamLiveView RenderTeam(Topic topic, long version, DateTimeOffset asOf)
    {
        var composer = Composer;
        var today = composer.Clock.LocalDate(asOf);
        return new TeamLiveView(topic.Name, TeamId, version, composer.Clock.ToLocal(asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Day, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Week, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Month, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Quarter, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Year, today), asOf));
    }

    private static bool SameStats(TeamLiveView x, TeamLiveView y) =>
        StatsViews.SameContent(x.Day, y.Day) && StatsViews.SameContent(x.Week, y.Week) && StatsViews.SameContent(x.Month, y.Month)
        && StatsViews.SameContent(x.Quarter, y.Quarter) && StatsViews.SameContent(x.Year, y.Year);

    private StatsComposer Composer => _registry.Composer ?? throw new InvalidOperationException($"Team '{TeamId}' is not set up.");

    private StatsView Stats(StatsComposer composer, PeriodKey period, DateTimeOffset now) => UnitStats.Compose(_registry, _totals, composer, period, now);
}
