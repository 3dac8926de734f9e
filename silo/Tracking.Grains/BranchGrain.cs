using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains;

[GenerateSerializer, Alias("tracking.branch-state")]
public sealed class BranchState
{
    [Id(0)] public BranchInfo? Info { get; set; }
    [Id(1)] public Dictionary<string, TeamInfo> Teams { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
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
    private BranchClock _clock = BranchClock.For("UTC");

    private string BranchId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Info is { } info) _clock = BranchClock.For(info.TimeZone);
        var reports = await Task.WhenAll(state.State.Members.Keys.Select(a => GrainFactory.GetGrain<IAgentGrain>(a).GetReport()));
        foreach (var report in reports) _totals.Apply(report, OwnsTeam);
        VersionClock.Next(ref _dataVersion, Time);
    }

    public Task<BranchInfo?> GetInfo() => Task.FromResult(state.State.Info);

    public async Task Upsert(BranchInfo info)
    {
        state.State.Info = info;
        _clock = BranchClock.For(info.TimeZone);
        await state.WriteStateAsync();
        TopicsChanged();
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
        await state.WriteStateAsync();
        TopicsChanged();
    }

    public Task Report(AgentTotalsReport report)
    {
        var changed = _totals.Apply(report, OwnsTeam);
        if (changed.Count > 0)
        {
            VersionClock.Next(ref _dataVersion, Time);
            var today = _clock.LocalDate(Time.GetUtcNow());
            // Live topics show today's periods; a late event for an old period changes none of them.
            TopicsChanged(topic => topic.Kind != TopicKind.Leaderboard || changed.Contains(PeriodKey.Containing(topic.Period, today)));
        }
        return Task.CompletedTask;
    }

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (state.State.Info is null) return Task.FromResult<StatsView?>(null);
        var period = PeriodKey.Containing(kind, localDate ?? _clock.LocalDate(Time.GetUtcNow()));
        return Task.FromResult<StatsView?>(StatsViews.For(period, _clock, _totals.Total(period).Values) with { BranchId = BranchId });
    }

    public Task<LeaderboardView?> GetLeaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate)
    {
        if (state.State.Info is null) return Task.FromResult<LeaderboardView?>(null);
        var now = Time.GetUtcNow();
        var period = PeriodKey.Containing(kind, localDate ?? _clock.LocalDate(now));
        return Task.FromResult<LeaderboardView?>(Leaderboard(metric, period, scope, top, _dataVersion, now));
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        if (topic.Kind != TopicKind.Leaderboard)
            return new TopicUpdate(topic.Name, "branch", version, new BranchLiveView(topic.Name, BranchId, version, asOf));
        var period = PeriodKey.Containing(topic.Period, _clock.LocalDate(asOf));
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
        var (start, end) = _clock.Bounds(period);
        var at = asOf < end ? asOf : end.AddTicks(-1);
        var entries = scope == LeaderboardScope.Teams ? RankTeams(metric, period, top) : RankAgents(metric, period, top, at);
        return new LeaderboardView(BranchId, metric.Name(), new PeriodView(PeriodKey.KindName(period.Kind), start, end),
            Topic.ScopeName(scope), version, _clock.ToLocal(asOf), entries);
    }

    private IReadOnlyList<LeaderboardEntryView> RankAgents(Metric metric, PeriodKey period, int top, DateTimeOffset at)
    {
        var inputs = new List<RankingInput>();
        foreach (var (agentId, member) in state.State.Members)
        {
            var hasShares = _totals.HasShares(agentId, period);
            if (!hasShares && !IsActiveHere(member, at)) continue;
            var totals = _totals.AgentTotals(agentId, period);
            var mark = totals.ReachedAt(metric);
            inputs.Add(new RankingInput(agentId, totals.Values[metric], mark.OccurredAt, mark.Arrival));
        }
        return Ranking.Rank(inputs, top)
            .Select(r => new LeaderboardEntryView(r.Rank, r.Id, state.State.Members[r.Id].Name, TeamAt(state.State.Members[r.Id], at), r.Value))
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

    private bool IsActiveHere(MemberInfo member, DateTimeOffset at) =>
        new MembershipHistory(member.Membership).ActiveTeamAt(at) is { } team && OwnsTeam(team);

    private static string? TeamAt(MemberInfo member, DateTimeOffset at) => new MembershipHistory(member.Membership).TeamAt(at);
}

/// <summary>The snapshot of a <c>branch:{branchId}</c> topic; celebrations arrive on it as they happen.</summary>
[GenerateSerializer, Alias("tracking.branch-live-view")]
public sealed record BranchLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string BranchId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf);
