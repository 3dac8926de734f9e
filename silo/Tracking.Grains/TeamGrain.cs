using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
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
/// A team: the latest totals of its members (only what is credited to this team), its KPIs and its live
/// topic. Totals are not stored: on activation the team asks its members again (they rebuild from the log).
/// </summary>
public sealed class TeamGrain(
    [PersistentState("team", "tracking")] IPersistentState<TeamState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions) : TopicOwnerGrain(time, pushOptions), ITeamGrain
{
    private readonly ReportedTotals _totals = new();
    private MemberDirectory _members = new([]);
    private StatsComposer? _composer;

    private string TeamId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Info is not { } info) return;
        _members = new MemberDirectory(state.State.Members.Values);
        if (await GrainFactory.GetGrain<IBranchGrain>(info.BranchId).GetContext() is { } context) _composer = new StatsComposer(context);
        var reports = await Task.WhenAll(state.State.Members.Keys.Select(a => GrainFactory.GetGrain<IAgentGrain>(a).GetReport()));
        foreach (var report in reports) _totals.Apply(report, OwnsTeam);
    }

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

    public async Task UpsertMember(MemberInfo member)
    {
        state.State.Members[member.AgentId] = member;
        _members.Upsert(member);
        await state.WriteStateAsync();
        TopicsChanged();
    }

    public Task SetContext(BranchContext context)
    {
        _composer = new StatsComposer(context);
        TopicsChanged();
        return Task.CompletedTask;
    }

    public Task Report(AgentTotalsReport report)
    {
        if (_totals.Apply(report, OwnsTeam).Count > 0) TopicsChanged();
        return Task.CompletedTask;
    }

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate)
    {
        if (_composer is null) return Task.FromResult<StatsView?>(null);
        var now = Time.GetUtcNow();
        return Task.FromResult<StatsView?>(Stats(_composer, _composer.PeriodOf(kind, localDate, now), now));
    }

    public override TopicUpdate Render(Topic topic, long version, DateTimeOffset asOf)
    {
        var composer = _composer ?? throw new InvalidOperationException($"Team '{TeamId}' is not set up.");
        var today = composer.Clock.LocalDate(asOf);
        var view = new TeamLiveView(topic.Name, TeamId, version, composer.Clock.ToLocal(asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Day, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Week, today), asOf),
            Stats(composer, PeriodKey.Containing(PeriodKind.Month, today), asOf));
        return new TopicUpdate(topic.Name, "team", version, view);
    }

    public override bool SameContent(TopicUpdate a, TopicUpdate b) =>
        a.Payload is TeamLiveView x && b.Payload is TeamLiveView y
        && StatsViews.SameContent(x.Day, y.Day) && StatsViews.SameContent(x.Week, y.Week) && StatsViews.SameContent(x.Month, y.Month);

    private bool OwnsTeam(string teamId) => teamId == TeamId;

    private StatsView Stats(StatsComposer composer, PeriodKey period, DateTimeOffset now)
    {
        var credited = _members.Ids.Concat(_totals.Agents).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => _totals.AgentTotals(id, period, OwnsTeam).Values, StringComparer.Ordinal);
        var kpis = KpiCalculator.Compute(composer.Clock, period, now, [TeamId],
            credited.Select(c => new KpiAgent(c.Key, _members.HistoryOf(c.Key), c.Value)),
            id => composer.AgentAttainment(id, TeamId, period, credited[id]));
        var values = MetricValues.Sum(credited.Values);
        return composer.Compose(period, now, values, TargetOwner.Team(TeamId, composer.Branch.Id), kpis) with
        {
            TeamId = TeamId,
            BranchId = composer.Branch.Id,
        };
    }
}
