using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;

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

    Task UpsertMember(MemberInfo member);

    [OneWay]
    Task Report(AgentTotalsReport report);

    /// <summary>Something worth cheering happened: pushed at once to the screens on <c>branch:{branchId}</c>.</summary>
    [OneWay]
    Task Celebrate(CelebrationView celebration);

    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);

    Task<LeaderboardView?> GetLeaderboard(Metric metric, PeriodKind kind, LeaderboardScope scope, int top, DateOnly? localDate);
}
