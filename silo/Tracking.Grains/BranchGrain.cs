using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains;

[GenerateSerializer, Alias("tracking.branch-state")]
public sealed class BranchState
{
    [Id(0)] public BranchInfo? Info { get; set; }
    [Id(1)] public Dictionary<string, TeamInfo> Teams { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<TargetSetting> Targets { get; set; } = [];
    [Id(4)] public AlertSettings? AlertSettings { get; set; }
    /// <summary>Campaigns whose participants include agents of this branch; the agents tally their events for them.</summary>
    [Id(5)] public Dictionary<string, CampaignRegistration> Campaigns { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public long CampaignsVersion { get; set; }
    [Id(7)] public CelebrationSettings? Celebrations { get; set; }
}

/// <summary>
/// A branch office: the latest totals of every agent credited to its teams, from which it ranks agents
/// and teams for any metric and period and pushes its leaderboard topics. It also cheers its agents on
/// <c>branch:{branchId}</c> (battle reports, rate-limited per branch) and keeps the list of campaigns its
/// agents take part in.
/// </summary>
public sealed class BranchGrain(
    [PersistentState("branch", "tracking")] IPersistentState<BranchState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions) : TopicOwnerGrain(time, pushOptions), IBranchGrain
{
    /// <summary>The board whose new leader is cheered as a rankUp: the branch's FYP day board of agents.</summary>
    public const Metric RankUpMetric = Metric.Fyp;

    /// <summary>How often held-back celebrations are looked at while any wait (their due time is on the product clock).</summary>
    private static readonly TimeSpan HeldCelebrationPoll = TimeSpan.FromMilliseconds(250);

    private readonly ReportedTotals _totals = new();
    private readonly LeaderWatch _dayLeader = new();
    private readonly TargetReachedWatch _targetsReached = new();
    private CelebrationThrottle<CelebrationView>? _throttle;
    private IGrainTimer? _heldCelebrations;
    private DateOnly _today;
    private long _dataVersion;
    private MemberDirectory _members = new([]);
    private StatsComposer? _composer;

    private BranchClock Clock => _composer?.Clock ?? BranchClock.For("UTC");

    private string BranchId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Context() is { } context) _composer = new StatsComposer(context);
        _members = new MemberDirectory(state.State.Members.Values);
        await MemberReports.CollectAsync(GrainFactory, state.State.Members.Keys.ToArray(), report => _totals.Apply(report, OwnsTeam));
        VersionClock.Next(ref _dataVersion, Time);
    }

    public Task<BranchInfo?> GetInfo() => Task.FromResult(state.State.Info);

    public Task<BranchContext?> GetContext() => Task.FromResult(Context());

    public async Task Upsert(BranchInfo info)
    {
        state.State.Info = info;
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task SetAlertSettings(AlertSettings settings)
    {
        state.State.AlertSettings = settings;
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task UpsertTargets(IReadOnlyList<TargetSetting> targets)
    {
        var book = new TargetBook(state.State.Targets);
        foreach (var target in targets) book.Upsert(target);
        state.State.Targets = book.Settings.ToList();
        await state.WriteStateAsync();
        ContextChanged();
    }

    public async Task UpsertTeam(TeamInfo team)
    {
        state.State.Teams[team.Id] = team;
        await state.WriteStateAsync();
        TopicsChanged();
    }

    public async Task UpsertMember(MemberInfo member)
    {
        var joined = !state.State.Members.ContainsKey(member.AgentId);
        state.State.Members[member.AgentId] = member;
        _members.Upsert(member);
        await state.WriteStateAsync();
        TopicsChanged();
        if (joined && state.State.Campaigns.Count > 0)
            _ = GrainFactory.GetGrain<ICampaignMemberGrain>(member.AgentId).CampaignsChanged(BranchId, Campaigns()); // one-way
    }

    public Task Report(AgentTotalsReport report)
    {
        var now = Time.GetUtcNow();
        var today = Clock.LocalDate(now);
        var current = PeriodKey.AllContaining(today);
        var settings = CelebrationSettingsInForce;
        // What the agent held in today's periods before this report, to see a target crossed by it.
        var before = settings.TargetReached && _composer is { Targets.Settings.Count: > 0 }
            ? current.Select(p => _totals.AgentTotals(report.AgentId, p).Values).ToArray()
            : null;
        if (_today != today)
        {
            _today = today;
            _targetsReached.Prune(today); // a new day: cheers of periods that ended cannot repeat
        }
        if (settings.RankUp && !_dayLeader.Watches(current[0])) WatchDayLeader(current[0], now);

        var changed = _totals.Apply(report, OwnsTeam);
        if (changed.Count > 0)
        {
            VersionClock.Next(ref _dataVersion, Time);
            // Live topics show today's periods; a late event for an old period changes none of them.
            TopicsChanged(topic => topic.Kind != TopicKind.Leaderboard || changed.Contains(PeriodKey.Containing(topic.Period, today)));
            if (before is not null) CheerTargetsReached(report.AgentId, current, before, changed, now);
            if (settings.RankUp && changed.Contains(current[0])) CheerRankUp(report.AgentId, current[0], now);
        }
        return Task.CompletedTask;
    }

    public Task Celebrate(CelebrationView celebration)
    {
        Cheer(celebration);
        return Task.CompletedTask;
    }

    public async Task RegisterCampaign(CampaignRegistration campaign)
    {
        state.State.Campaigns[campaign.CampaignId] = campaign;
        await CampaignsChangedAsync();
    }

    public async Task UnregisterCampaign(string campaignId)
    {
        if (!state.State.Campaigns.Remove(campaignId)) return;
        await CampaignsChangedAsync();
    }

    public Task<CampaignList> GetCampaigns() => Task.FromResult(Campaigns());

    public Task<BranchRoster?> GetRoster() => Task.FromResult(state.State.Info is { } info
        ? new BranchRoster(info, state.State.Teams.Values.ToArray(), state.State.Members.Values.ToArray())
        : null);

    public async Task SetCelebrationSettings(CelebrationSettings settings)
    {
        state.State.Celebrations = settings;
        await state.WriteStateAsync();
        _throttle = null; // a new rate limit starts with a full bucket
        _dayLeader.Reset(default, null); // and the board's leader is looked at afresh
    }

    public Task<CelebrationSettings> GetCelebrationSettings() => Task.FromResult(CelebrationSettingsInForce);

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (_composer is not { } composer) return Task.FromResult<StatsView?>(null);
        var now = Time.GetUtcNow();
        var period = composer.PeriodOf(kind, localDate, now);
        var (_, end) = composer.Clock.Bounds(period);
        var at = now < end ? now : end.AddTicks(-1);
        var credited = _members.Ids.Concat(_totals.Agents).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => _totals.AgentTotals(id, period).Values, StringComparer.Ordinal);
        var kpis = KpiCalculator.Compute(composer.Clock, period, now, state.State.Teams.Keys,
            credited.Select(c => new KpiAgent(c.Key, _members.HistoryOf(c.Key), c.Value)),
            id => composer.AgentAttainment(id, _members.TeamAt(id, at), period, credited[id]));
        var active = _members.Ids.Select(id => (Id: id, Team: _members.HistoryOf(id).ActiveTeamAt(at)))
            .Where(m => m.Team is not null && OwnsTeam(m.Team)).Select(m => (m.Id, m.Team!));
        var stats = composer.ComposeUnit(period, now, MetricValues.Sum(credited.Values), active, kpis);
        return Task.FromResult<StatsView?>(stats with { BranchId = BranchId });
    }

    public Task<LeaderboardView?> GetLeaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate)
    {
        if (state.State.Info is null) return Task.FromResult<LeaderboardView?>(null);
        var now = Time.GetUtcNow();
        var period = PeriodKey.Containing(kind, localDate ?? Clock.LocalDate(now));
        return Task.FromResult<LeaderboardView?>(Leaderboard(metric, period, scope, top, _dataVersion, now));
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        if (topic.Kind != TopicKind.Leaderboard)
            return new TopicUpdate(topic.Name, "branch", version, new BranchLiveView(topic.Name, BranchId, version, asOf));
        var period = PeriodKey.Containing(topic.Period, Clock.LocalDate(asOf));
        var view = Leaderboard(topic.Metric, period, topic.Scope, topic.Top, version, asOf) with { Topic = topic.Name };
        return new TopicUpdate(topic.Name, "leaderboard", version, view);
    }

    public override bool SameContent(TopicUpdate a, TopicUpdate b) => (a.Payload, b.Payload) switch
    {
        (LeaderboardView x, LeaderboardView y) => x.Period == y.Period && x.Entries.SequenceEqual(y.Entries),
        (BranchLiveView, BranchLiveView) => true,
        _ => false,
    };

    private bool OwnsTeam(string teamId) => state.State.Teams.ContainsKey(teamId);

    private LeaderboardView Leaderboard(Metric metric, PeriodKey period, LeaderboardScope scope, int top, long version, DateTimeOffset asOf)
    {
        var (start, end) = Clock.Bounds(period);
        var at = asOf < end ? asOf : end.AddTicks(-1);
        var entries = scope == LeaderboardScope.Teams ? RankTeams(metric, period, top) : RankAgents(metric, period, top, at);
        return new LeaderboardView(BranchId, metric.Name(), new PeriodView(PeriodKey.KindName(period.Kind), start, end),
            Topic.ScopeName(scope), version, Clock.ToLocal(asOf), entries);
    }

    private IReadOnlyList<LeaderboardEntryView> RankAgents(Metric metric, PeriodKey period, int top, DateTimeOffset at) =>
        Ranking.Rank(AgentStandings(metric, period, at), top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, _members.NameOf(r.Id), _members.TeamAt(r.Id, at), r.Value))
            .ToArray();

    private List<RankingInput> AgentStandings(Metric metric, PeriodKey period, DateTimeOffset at)
    {
        var inputs = new List<RankingInput>();
        foreach (var agentId in _members.Ids)
        {
            if (!_totals.HasShares(agentId, period) && !IsActiveHere(agentId, at)) continue;
            inputs.Add(Standing(agentId, metric, period));
        }
        return inputs;
    }

    private RankingInput Standing(string agentId, Metric metric, PeriodKey period)
    {
        var totals = _totals.AgentTotals(agentId, period);
        var mark = totals.ReachedAt(metric);
        return new RankingInput(agentId, totals.Values[metric], mark.OccurredAt, mark.Arrival);
    }

    private CelebrationSettings CelebrationSettingsInForce => state.State.Celebrations ?? CelebrationSettings.Default;

    private void WatchDayLeader(PeriodKey day, DateTimeOffset now)
    {
        var standings = AgentStandings(RankUpMetric, day, now);
        var top = Ranking.Rank(standings, 1);
        _dayLeader.Reset(day, top.Count == 0 ? null : standings.First(s => s.Id == top[0].Id));
    }

    /// <summary>An agent who takes rank 1 of the FYP day board from someone else is news (the day's first sale is not).</summary>
    private void CheerRankUp(string agentId, PeriodKey day, DateTimeOffset now)
    {
        var standing = Standing(agentId, RankUpMetric, day);
        switch (_dayLeader.Observe(standing))
        {
            case LeaderChange.Overtook:
                Cheer(new CelebrationView(BranchId, agentId, _members.NameOf(agentId), CelebrationKind.RankUp.Name(), standing.Value, Clock.ToLocal(now),
                    Metric: RankUpMetric.Name(), Period: PeriodKey.KindName(day.Kind)));
                break;
            case LeaderChange.LeaderFell:
                WatchDayLeader(day, now);
                break;
        }
    }

    /// <summary>An agent whose attainment of a target crosses 100 % in a current period with this report is news, once.</summary>
    private void CheerTargetsReached(string agentId, PeriodKey[] current, MetricValues[] before, IReadOnlyList<PeriodKey> changed, DateTimeOffset now)
    {
        if (_composer is not { } composer || composer.Targets.Settings.Count == 0) return;
        var owner = TargetOwner.Agent(agentId, _members.TeamAt(agentId, now), BranchId);
        var changes = current.Select((period, i) => (period, i))
            .Where(p => changed.Contains(p.period))
            .Select(p => (p.period, composer.Targets.ResolveAll(owner, p.period), before[p.i], _totals.AgentTotals(agentId, p.period).Values));
        foreach (var reached in _targetsReached.Check(agentId, changes))
        {
            Cheer(new CelebrationView(BranchId, agentId, _members.NameOf(agentId), CelebrationKind.TargetReached.Name(), reached.Value, Clock.ToLocal(now),
                Metric: reached.Metric.Name(), Period: PeriodKey.KindName(reached.Period.Kind)));
        }
    }

    /// <summary>
    /// Cheers on <c>branch:{branchId}</c>, if the branch's rules want this one, through the branch's rate limit:
    /// what exceeds it is merged into one held celebration sent when the limit allows. A campaign is won once,
    /// so campaignWon is never held back.
    /// </summary>
    private void Cheer(CelebrationView celebration)
    {
        if (!CelebrationKinds.TryParse(celebration.Kind, out var kind)) return;
        var settings = CelebrationSettingsInForce;
        if (!settings.Admits(kind, celebration.Value)) return;
        if (kind == CelebrationKind.CampaignWon)
        {
            Publish(celebration);
            return;
        }
        _throttle ??= new CelebrationThrottle<CelebrationView>(settings.Burst, settings.Interval, CelebrationImportance.Instance);
        foreach (var release in _throttle.Offer(celebration, Time.GetUtcNow())) Publish(release.Item with { Merged = release.Merged });
        if (_throttle.HasHeld)
            _heldCelebrations ??= this.RegisterGrainTimer(ReleaseHeldCelebration, new GrainTimerCreationOptions(HeldCelebrationPoll, HeldCelebrationPoll) { KeepAlive = true });
    }

    private Task ReleaseHeldCelebration()
    {
        if (_throttle?.Release(Time.GetUtcNow()) is { } digest) Publish(digest.Item with { Merged = digest.Merged });
        if (_throttle is not { HasHeld: true })
        {
            _heldCelebrations?.Dispose();
            _heldCelebrations = null;
        }
        return Task.CompletedTask;
    }

    private void Publish(CelebrationView celebration)
    {
        var topic = $"branch:{BranchId}";
        PublishEvent(topic, version => new TopicUpdate(topic, "celebration", version, celebration with { Topic = topic, Version = version }));
    }

    private CampaignList Campaigns()
    {
        // A campaign frozen a while ago needs no more tallies; its agents drop theirs too.
        var cutoff = Time.GetUtcNow() - CampaignTallies.KeepAfterFreeze;
        return new CampaignList(state.State.CampaignsVersion, state.State.Campaigns.Values.Where(c => c.Window.FreezesAt >= cutoff).ToArray());
    }

    /// <summary>Stores the campaign list with a new version and hands it to every member agent (they tally their own events).</summary>
    private async Task CampaignsChangedAsync()
    {
        var cutoff = Time.GetUtcNow() - CampaignTallies.KeepAfterFreeze;
        foreach (var stale in state.State.Campaigns.Values.Where(c => c.Window.FreezesAt < cutoff).Select(c => c.CampaignId).ToList())
            state.State.Campaigns.Remove(stale);
        var version = state.State.CampaignsVersion;
        state.State.CampaignsVersion = VersionClock.Next(ref version, Time);
        await state.WriteStateAsync();
        var list = Campaigns();
        foreach (var agentId in state.State.Members.Keys) _ = GrainFactory.GetGrain<ICampaignMemberGrain>(agentId).CampaignsChanged(BranchId, list); // one-way
    }

    private IReadOnlyList<LeaderboardEntryView> RankTeams(Metric metric, PeriodKey period, int top)
    {
        var inputs = state.State.Teams.Keys.Select(teamId =>
        {
            var totals = _totals.TeamTotals(teamId, period);
            var mark = totals.ReachedAt(metric);
            return new RankingInput(teamId, totals.Values[metric], mark.OccurredAt, mark.Arrival);
        });
        return Ranking.Rank(inputs, top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, state.State.Teams[r.Id].Name, r.Id, r.Value))
            .ToArray();
    }

    private bool IsActiveHere(string agentId, DateTimeOffset at) =>
        _members.HistoryOf(agentId).ActiveTeamAt(at) is { } team && OwnsTeam(team);

    private BranchContext? Context() =>
        state.State.Info is { } info ? new BranchContext(info, state.State.Targets.ToArray(), state.State.AlertSettings) : null;

    /// <summary>The branch's settings or targets changed: recompute here and hand them to every team.</summary>
    private void ContextChanged()
    {
        var context = Context()!;
        _composer = new StatsComposer(context);
        foreach (var teamId in state.State.Teams.Keys) GrainFactory.GetGrain<ITeamGrain>(teamId).SetContext(context);
        TopicsChanged();
    }
}

/// <summary>Which celebration stands for a merged group: the more important kind, then the bigger value.</summary>
internal sealed class CelebrationImportance : IComparer<CelebrationView>
{
    public static CelebrationImportance Instance { get; } = new();

    public int Compare(CelebrationView? x, CelebrationView? y) => (Kind(x), x?.Value ?? 0m).CompareTo((Kind(y), y?.Value ?? 0m));

    private static CelebrationKind Kind(CelebrationView? c) => CelebrationKinds.TryParse(c?.Kind, out var kind) ? kind : CelebrationKind.Policy;
}

/// <summary>The snapshot of a <c>branch:{branchId}</c> topic; celebrations arrive on it as they happen.</summary>
[GenerateSerializer, Alias("tracking.branch-live-view")]
public sealed record BranchLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string BranchId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf);
