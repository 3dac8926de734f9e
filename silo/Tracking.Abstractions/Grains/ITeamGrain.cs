using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Alerts;

namespace Tracking.Abstractions.Grains;

/// <summary>A team: its members' totals per period, received as absolute versioned reports. Key: teamId.</summary>
public interface ITeamGrain : IGrainWithStringKey, ITopicOwner
{
    [AlwaysInterleave]
    Task<TeamInfo?> GetInfo();

    Task Upsert(TeamInfo info);

    /// <summary>Takes in the latest records of some members (joined, moved, renamed or deactivated), stored in one write.</summary>
    Task UpsertMembers([Immutable] IReadOnlyList<MemberInfo> members);

    /// <summary>The agents counted in the team now (active members), by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TeamMemberView>> GetMembers();

    /// <summary>The branch hands its settings and targets to its teams whenever they change.</summary>
    [OneWay]
    Task SetContext(BranchContext context);

    [OneWay]
    Task Report(AgentTotalsReport report);

    /// <summary>The reports of several agents at once (an ingest request's), taken in as one turn.</summary>
    [OneWay]
    Task Reports([Immutable] IReadOnlyList<AgentTotalsReport> reports);

    /// <summary>An agent's renewal items changed (an upload or a payment): the team reads its items at risk again at the next alert tick.</summary>
    [OneWay]
    Task RenewalsChanged(string agentId);

    Task<StatsView?> GetStats(PeriodKind kind, DateOnly? localDate);

    /// <summary>The team's own alert rules (null: follow the branch's).</summary>
    Task SetAlertSettings(AlertSettings? settings);

    /// <summary>The rules in force for the team: its own, else its branch's, else the defaults.</summary>
    Task<AlertSettings> GetAlertSettings();

    /// <summary>Unresolved alerts (or every alert kept, newest first, with <paramref name="all"/>).</summary>
    Task<IReadOnlyList<AlertView>> GetAlerts(bool all);

    /// <summary>Acknowledges an alert of this team; null when the team has no such alert.</summary>
    Task<AlertView?> Acknowledge(string alertId);

    /// <summary>Judges every member against the alert rules now (also done on every change and every second).</summary>
    Task EvaluateAlerts();
}
