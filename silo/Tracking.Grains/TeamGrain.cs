using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Grains.Push;
using Tracking.Grains.Views;

namespace Tracking.Grains;

[GenerateSerializer, Alias("tracking.team-state")]
public sealed class TeamState
{
    [Id(0)] public TeamInfo? Info { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "UTC";
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = new(StringComparer.Ordinal);
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
/// A team: the latest totals of its members (only what is credited to this team) and its live topic.
/// Totals are not stored: on activation the team asks its members again (they rebuild from the log).
/// </summary>
public sealed class TeamGrain(
    [PersistentState("team", "tracking")] IPersistentState<TeamState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions) : TopicOwnerGrain(time, pushOptions), ITeamGrain
{
    private readonly ReportedTotals _totals = new();
    private BranchClock _clock = BranchClock.For("UTC");

    private string TeamId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _clock = BranchClock.For(state.State.TimeZone);
        var reports = await Task.WhenAll(state.State.Members.Keys.Select(a => GrainFactory.GetGrain<IAgentGrain>(a).GetReport()));
        foreach (var report in reports) _totals.Apply(report, OwnsTeam);
    }

    public Task<TeamInfo?> GetInfo() => Task.FromResult(state.State.Info);

    public async Task Upsert(TeamInfo info)
    {
        var branch = await GrainFactory.GetGrain<IBranchGrain>(info.BranchId).GetInfo()
            ?? throw new InvalidOperationException($"Branch '{info.BranchId}' is not known.");
        state.State.Info = info;
        state.State.TimeZone = branch.TimeZone;
        _clock = BranchClock.For(branch.TimeZone);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IBranchGrain>(info.BranchId).UpsertTeam(info);
    }

    public async Task UpsertMember(MemberInfo member)
    {
        state.State.Members[member.AgentId] = member;
        await state.WriteStateAsync();
        TopicsChanged();
    }

    public Task Report(AgentTotalsReport report)
    {
        if (_totals.Apply(report, OwnsTeam).Count > 0) TopicsChanged();
        return Task.CompletedTask;
    }

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (state.State.Info is null) return Task.FromResult<StatsView?>(null);
        var period = PeriodKey.Containing(kind, localDate ?? _clock.LocalDate(Time.GetUtcNow()));
        return Task.FromResult<StatsView?>(Stats(period));
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        var today = _clock.LocalDate(asOf);
        var view = new TeamLiveView(topic.Name, TeamId, version, asOf,
            Stats(PeriodKey.Containing(PeriodKind.Day, today)),
            Stats(PeriodKey.Containing(PeriodKind.Week, today)),
            Stats(PeriodKey.Containing(PeriodKind.Month, today)));
        return new TopicUpdate(topic.Name, "team", version, view);
    }

    public override bool SameContent(TopicUpdate a, TopicUpdate b) =>
        a.Payload is TeamLiveView x && b.Payload is TeamLiveView y
        && StatsViews.SameContent(x.Day, y.Day) && StatsViews.SameContent(x.Week, y.Week) && StatsViews.SameContent(x.Month, y.Month);

    private bool OwnsTeam(string teamId) => teamId == TeamId;

    private StatsView Stats(PeriodKey period) =>
        StatsViews.For(period, _clock, _totals.TeamTotals(TeamId, period).Values) with
        {
            TeamId = TeamId,
            BranchId = state.State.Info?.BranchId,
        };
}
