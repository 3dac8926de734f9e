using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Celebrations;
using Tracking.Domain.Display;

namespace Tracking.Abstractions.Grains;

/// <summary>A branch office: its teams' and agents' totals, leaderboards and celebrations. Key: branchId.</summary>
public interface IBranchGrain : IGrainWithStringKey, ITopicOwner
{
    [AlwaysInterleave]
    Task<BranchInfo?> GetInfo();

    Task Upsert(BranchInfo info);

    Task UpsertTeam(TeamInfo team);

    /// <summary>Stores targets for the branch, its teams or its agents (the caller has checked the ids).</summary>
    Task UpsertTargets(IReadOnlyList<TargetSetting> targets);

    [AlwaysInterleave]
    Task<BranchContext?> GetContext();

    /// <summary>The branch's default alert rules for its teams.</summary>
    Task SetAlertSettings(AlertSettings settings);

    /// <summary>Takes in the latest records of some members (joined, moved, renamed or deactivated), stored in one write.</summary>
    Task UpsertMembers([Immutable] IReadOnlyList<MemberInfo> members);

    [OneWay]
    Task Report(AgentTotalsReport report);

    /// <summary>The reports of several agents at once (an ingest request's), taken in as one turn.</summary>
    [OneWay]
    Task Reports([Immutable] IReadOnlyList<AgentTotalsReport> reports);

    /// <summary>Something worth cheering happened: pushed at once to the screens on <c>branch:{branchId}</c>.</summary>
    [OneWay]
    Task Celebrate(CelebrationView celebration);

    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);

    Task<LeaderboardView?> GetLeaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate);

    /// <summary>Adds or replaces a campaign whose participants include agents of this branch; its agents are told.</summary>
    Task RegisterCampaign(CampaignRegistration campaign);

    /// <summary>Removes a campaign that no longer involves this branch; its agents are told.</summary>
    Task UnregisterCampaign(string campaignId);

    /// <summary>The campaigns an agent of this branch may have to tally (those not frozen for long).</summary>
    [AlwaysInterleave]
    Task<CampaignList> GetCampaigns();

    /// <summary>The branch's teams (with their supervisors), for access decisions.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TeamInfo>> GetTeams();

    /// <summary>The branch's teams and agents, for a campaign's roster.</summary>
    [AlwaysInterleave]
    Task<BranchRoster?> GetRoster();

    /// <summary>The branch's battle-report rules (minimum premium, target and rank cheers, rate limit).</summary>
    Task SetCelebrationSettings(CelebrationSettings settings);

    [AlwaysInterleave]
    Task<CelebrationSettings> GetCelebrationSettings();

    /// <summary>What the branch's display screens may see of leaderboards and scoreboards (top, names, bottom half).</summary>
    Task SetDisplayPolicy(DisplayPolicy policy);

    /// <summary>The branch's display policy; <see cref="DisplayPolicy.Default"/> when never set.</summary>
    [AlwaysInterleave]
    Task<DisplayPolicy> GetDisplayPolicy();
}
