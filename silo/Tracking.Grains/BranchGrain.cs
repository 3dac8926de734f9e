using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
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
}

/// <summary>
/// A branch office: the latest totals of every agent credited to its teams, from which it ranks agents
/// and teams for any metric and period and pushes its leaderboard topics.
/// </summary>
public sealed class BranchGrain(
    [PersistentState("branch", "tracking")] IPersistentState<BranchState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions) : TopicOwnerGrain(time, pushOptions), IBranchGrain
{
    private readonly ReportedTotals _totals = new();
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
        state.State.Members[member.AgentId] = member;
        _members.Upsert(member);
        await state.WriteStateAsync();
        TopicsChanged();
    }

    public Task Report(AgentTotalsReport report)
    {
        var changed = _totals.Apply(report, OwnsTeam);
        if (changed.Count > 0)
        {
            VersionClock.Next(ref _dataVersion, Time);
            var today = Clock.LocalDate(Time.GetUtcNow());
            // Live topics show today's periods; a late event for an old period changes none of them.
            TopicsChanged(topic => topic.Kind != TopicKind.Leaderboard || changed.Contains(PeriodKey.Containing(topic.Period, today)));
        }
        return Task.CompletedTask;
    }

    public Task Celebrate(CelebrationView celebration)
    {
        var topic = $"branch:{BranchId}";
        PublishEvent(topic, version => new TopicUpdate(topic, "celebration", version, celebration with { Topic = topic, Version = version }));
        return Task.CompletedTask;
    }

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
        var stats = composer.Compose(period, now, MetricValues.Sum(credited.Values), TargetOwner.Branch(BranchId), kpis);
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

    private IReadOnlyList<LeaderboardEntryView> RankAgents(Metric metric, PeriodKey period, int top, DateTimeOffset at)
    {
        var inputs = new List<RankingInput>();
        foreach (var agentId in _members.Ids)
        {
            if (!_totals.HasShares(agentId, period) && !IsActiveHere(agentId, at)) continue;
            var totals = _totals.AgentTotals(agentId, period);
            var mark = totals.ReachedAt(metric);
            inputs.Add(new RankingInput(agentId, totals.Values[metric], mark.OccurredAt, mark.Arrival));
        }
        return Ranking.Rank(inputs, top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, _members.NameOf(r.Id), _members.TeamAt(r.Id, at), r.Value))
            .ToArray();
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

/// <summary>The snapshot of a <c>branch:{branchId}</c> topic; celebrations arrive on it as they happen.</summary>
[GenerateSerializer, Alias("tracking.branch-live-view")]
public sealed record BranchLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string BranchId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf);
