using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Abstractions.Grains;

/// <summary>A team: its members' totals per period, received as absolute versioned reports. Key: teamId.</summary>
public interface ITeamGrain : IGrainWithStringKey, ITopicOwner
{
    [AlwaysInterleave]
    Task<TeamInfo?> GetInfo();

    Task Upsert(TeamInfo info);

    Task UpsertMember(MemberInfo member);

    /// <summary>The branch hands its settings and targets to its teams whenever they change.</summary>
    [OneWay]
    Task SetContext(BranchContext context);

    [OneWay]
    Task Report(AgentTotalsReport report);

    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);
}
