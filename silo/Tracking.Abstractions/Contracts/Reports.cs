using Orleans.Concurrency;
using Tracking.Domain;

namespace Tracking.Abstractions.Contracts;

/// <summary>An agent's absolute totals for one period, credited to one team.</summary>
[GenerateSerializer, Alias("tracking.team-share")]
public sealed record TeamShare(
    [property: Id(0)] string TeamId,
    [property: Id(1)] PeriodTotals Totals);

/// <summary>Everything an agent holds for one period: one share per team it was in during the period.</summary>
[GenerateSerializer, Alias("tracking.agent-period-report")]
public sealed record AgentPeriodReport(
    [property: Id(0)] PeriodKey Period,
    [property: Id(1)] IReadOnlyList<TeamShare> Shares);

/// <summary>
/// Absolute totals with a version (docs/design.md, principle 4): a receiver keeps, per agent and period, the
/// report with the highest version, so a lost or repeated report heals with the next one.
/// </summary>
/// <remarks>Immutable once sent: built fresh for every report and never changed by its receivers.</remarks>
[GenerateSerializer, Immutable, Alias("tracking.agent-totals-report")]
public sealed record AgentTotalsReport(
    [property: Id(0)] string AgentId,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<AgentPeriodReport> Periods);

/// <summary>
/// An agent's report with the teams and branches it is for, handed back to the ingest coordinator instead of
/// sent: the coordinator sends each aggregate one message with every report of a request for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("tracking.routed-report")]
public sealed record RoutedReport(
    [property: Id(0)] AgentTotalsReport Report,
    [property: Id(1)] IReadOnlyList<string> Teams,
    [property: Id(2)] IReadOnlyList<string> Branches);
