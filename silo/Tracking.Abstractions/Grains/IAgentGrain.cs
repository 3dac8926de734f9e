using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Renewals;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// An agent: the single writer of its own events (only its grain appends to its part of the event log, one
/// append at a time). Key: agentId.
/// </summary>
/// <remarks>Event batches are passed without copying (<c>[Immutable]</c>): no grain changes a batch it was given.</remarks>
public interface IAgentGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<AgentInfo?> GetInfo();

    /// <summary>
    /// Joins, moves or deactivates the agent as of <see cref="AgentInfo.EffectiveFrom"/>. Answers the member record
    /// and the teams and branches it concerns (the old ones too): the caller tells them (<c>UpsertMembers</c>), in one
    /// message per team and branch for a whole import rather than one per agent.
    /// </summary>
    Task<MemberRouting> Upsert(AgentInfo info, TeamInfo team);

    /// <summary>
    /// Checks a batch without storing anything (unknown agent, policy rules). When it passes, the answer's
    /// <see cref="RecordResult.CheckedAt"/> lets <see cref="Record"/> of the same batch skip its own check.
    /// </summary>
    Task<RecordResult> Check([Immutable] IReadOnlyList<ActivityEvent> events);

    /// <summary>
    /// Checks, durably appends, then applies a batch; answers after the append is committed. The check is skipped
    /// when <paramref name="checkedAt"/> is the stamp of a passed <see cref="Check"/> of this same batch and the
    /// agent's policies have not changed since; otherwise (default: not checked) the batch is checked here.
    /// The agent sends its new totals to its teams and branches itself, unless <paramref name="reportsToCaller"/>:
    /// then they come back in <see cref="RecordResult.Report"/> and the caller must send them on.
    /// </summary>
    Task<RecordResult> Record([Immutable] IReadOnlyList<ActivityEvent> events, CheckStamp checkedAt = default, bool reportsToCaller = false);

    /// <summary>Absolute totals of every period the agent holds: how a team or branch rebuilds itself on activation.</summary>
    /// <remarks>Interleaves: an aggregate activated by this agent's own call must be able to ask it back.</remarks>
    [AlwaysInterleave]
    Task<AgentTotalsReport> GetReport();

    /// <summary>The agent's stats for the period of the given kind containing <paramref name="localDate"/> (default today).</summary>
    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);

    /// <summary>
    /// Adds or replaces due items of the agent's policies (by policy and due date) and matches them with the money
    /// its renewal events brought in; answers once they are stored. Returns how many items were given.
    /// </summary>
    Task<int> UpsertRenewals([Immutable] IReadOnlyList<RenewalDue> items);

    /// <summary>Every due item of the agent with what is collected and where it stands today (branch-local).</summary>
    Task<IReadOnlyList<RenewalItemView>> GetRenewals();

    /// <summary>
    /// The agent's items open on the branch-local <paramref name="today"/> whose grace ends at most
    /// <paramref name="daysBeforeGraceEnd"/> days later, the most urgent first: what its team judges renewalAtRisk by.
    /// </summary>
    /// <remarks>Interleaves: the team asks from its alert timer and must not wait behind (or deadlock with) the agent's own calls to it.</remarks>
    [AlwaysInterleave]
    Task<IReadOnlyList<OpenRenewal>> GetRenewalsAtRisk(DateOnly today, int daysBeforeGraceEnd);
}
