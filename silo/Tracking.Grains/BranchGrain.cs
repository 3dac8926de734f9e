using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Domain.Display;
using Tracking.Grains.Branches;
using Tracking.Grains.Push;

namespace Tracking.Grains;

/// <summary>
/// A branch office, made of four parts: its records and the context its teams judge by
/// (<see cref="BranchRegistry"/>), its leaderboards and stats (<see cref="BranchBoards"/>), the
/// celebrations desk that cheers its agents on <c>branch:{branchId}</c> (<see cref="CelebrationDesk"/>),
/// and the list of campaigns its agents take part in (<see cref="BranchCampaigns"/>). It owns the
/// leaderboard and branch topics.
/// </summary>
public sealed class BranchGrain(
    [PersistentState("branch", "tracking")] IPersistentState<BranchState> state,
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<PushOptions> pushOptions) : Grain, IBranchGrain
{
    private BranchRegistry _registry = null!;
    private BranchBoards _boards = null!;
    private CelebrationDesk _celebrations = null!;
    private BranchCampaigns _campaigns = null!;
    private LiveTopics _live = null!;

    private string BranchId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _registry = new BranchRegistry(BranchId, state, GrainFactory);
        _boards = new BranchBoards(BranchId, _registry, time);
        _live = new LiveTopics(this, time, pushOptions.Value, RendererOf);
        _celebrations = new CelebrationDesk(BranchId, this, state, _registry, _boards, _live, GrainFactory, time);
        _campaigns = new BranchCampaigns(BranchId, state, GrainFactory, time);
        _registry.Load();
        await _boards.LoadAsync(GrainFactory);
    }

    public Task<TopicUpdate> Subscribe(Topic topic, ITopicObserver observer) => _live.Subscribe(topic, observer);

    public Task Unsubscribe(Topic topic, ITopicObserver observer) => _live.Unsubscribe(topic, observer);

    public Task<BranchInfo?> GetInfo() => Task.FromResult(_registry.Info);

    public Task<BranchContext?> GetContext() => Task.FromResult(_registry.Context());

    public Task<IReadOnlyList<TeamInfo>> GetTeams() => Task.FromResult<IReadOnlyList<TeamInfo>>([.. _registry.Teams.Values]);

    public Task<BranchRoster?> GetRoster() => Task.FromResult(_registry.Roster());

    public async Task Upsert(BranchInfo info)
    {
        await _registry.UpsertAsync(info);
        _live.Changed();
    }

    public async Task SetAlertSettings(AlertSettings settings)
    {
        await _registry.SetAlertSettingsAsync(settings);
        _live.Changed();
    }

    public async Task UpsertTargets(IReadOnlyList<TargetSetting> targets)
    {
        await _registry.UpsertTargetsAsync(targets);
        _live.Changed();
    }

    public async Task UpsertTeam(TeamInfo team)
    {
        await _registry.UpsertTeamAsync(team);
        _live.Changed();
    }

    public async Task UpsertMembers(IReadOnlyList<MemberInfo> members)
    {
        var before = await _registry.UpsertMembersAsync(members);
        _live.Changed();
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            if (before[i] is null) _campaigns.Joined(member.AgentId);
            else if (before[i]!.Name != member.Name || before[i]!.NameHidden != member.NameHidden) _campaigns.Renamed(member);
        }
    }

    public Task Report(AgentTotalsReport report)
    {
        var watch = _celebrations.Watch(report.AgentId, time.GetUtcNow());
        var changed = _boards.Apply(report);
        if (changed.Count > 0)
        {
            // Live topics show today's periods (the branch topic this quarter's stars); a late event for an old period changes none of them.
            _live.Changed(topic => changed.Contains(topic.Kind switch
            {
                TopicKind.Leaderboard => PeriodKey.Containing(topic.Period, watch.Today),
                _ => PeriodKey.Containing(PeriodKind.Quarter, watch.Today),
            }));
            _celebrations.Cheer(report.AgentId, watch, changed);
        }
        return Task.CompletedTask;
    }

    public Task Reports(IReadOnlyList<AgentTotalsReport> reports)
    {
        foreach (var report in reports) Report(report);
        return Task.CompletedTask;
    }

    public Task Celebrate(CelebrationView celebration)
    {
        _celebrations.Cheer(celebration);
        return Task.CompletedTask;
    }

    public Task SetCelebrationSettings(CelebrationSettings settings) => _celebrations.SetSettingsAsync(settings);

    public Task<CelebrationSettings> GetCelebrationSettings() => Task.FromResult(_celebrations.Settings);

    public async Task SetDisplayPolicy(DisplayPolicy policy)
    {
        state.State.DisplayPolicy = policy;
        await state.WriteStateAsync();
    }

    public Task<DisplayPolicy> GetDisplayPolicy() => Task.FromResult(state.State.DisplayPolicy ?? DisplayPolicy.Default);

    public Task RegisterCampaign(CampaignRegistration campaign) => _campaigns.RegisterAsync(campaign);

    public Task UnregisterCampaign(string campaignId) => _campaigns.UnregisterAsync(campaignId);

    public Task<CampaignList> GetCampaigns() => Task.FromResult(_campaigns.List());

    public Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate) => Task.FromResult(_boards.Stats(kind, localDate));

    public Task<LeaderboardView?> GetLeaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate) =>
        Task.FromResult(_boards.Leaderboard(metric, kind, scope, top, localDate));

    private ITopicSource RendererOf(Topic topic) => topic.Kind == TopicKind.Leaderboard
        ? new TopicRenderer<LeaderboardView>(TopicMessages.Leaderboard, _boards.RenderTopic, BranchBoards.SameBoard)
        : new TopicRenderer<BranchLiveView>(TopicMessages.Branch,
            (t, version, asOf) => new BranchLiveView(t.Name, BranchId, version, asOf, _boards.CurrentQuarterStars(asOf)),
            (a, b) => a.Stars == b.Stars);
}
