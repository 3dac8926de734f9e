using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Abstractions.Grains;

/// <summary>An agent: the single writer of its own events (DESIGN.md principle 3). Key: agentId.</summary>
public interface IAgentGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<AgentInfo?> GetInfo();

    /// <summary>Joins, moves or deactivates the agent as of <see cref="AgentInfo.EffectiveFrom"/>.</summary>
    Task Upsert(AgentInfo info, TeamInfo team);

    /// <summary>Checks a batch without storing anything (unknown agent, policy rules).</summary>
    Task<RecordResult> Check(IReadOnlyList<ActivityEvent> events);

    /// <summary>Checks, durably appends, then applies a batch; answers after the append is committed.</summary>
    Task<RecordResult> Record(IReadOnlyList<ActivityEvent> events);

    /// <summary>Absolute totals of every period the agent holds: how a team or branch rebuilds itself on activation.</summary>
    /// <remarks>Interleaves: an aggregate activated by this agent's own call must be able to ask it back.</remarks>
    [AlwaysInterleave]
    Task<AgentTotalsReport> GetReport();

    /// <summary>The agent's stats for the period of the given kind containing <paramref name="localDate"/> (default today).</summary>
    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);
}
