using System.Text.Json.Serialization;

namespace Tracking.Abstractions.Contracts;

// The shapes clients see (CONTRACT.md), shared by HTTP responses and SignalR pushes.

[GenerateSerializer, Alias("tracking.period-view")]
public sealed record PeriodView(
    [property: Id(0)] string Kind,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End);

[GenerateSerializer, Alias("tracking.headcount-view")]
public sealed record HeadcountView(
    [property: Id(0)] int Start,
    [property: Id(1)] int End,
    [property: Id(2)] decimal Average);

[GenerateSerializer, Alias("tracking.kpis-view")]
public sealed record KpisView(
    [property: Id(0)] HeadcountView Headcount,
    [property: Id(1)] int ActiveAgents,
    [property: Id(2)] decimal? ActivityRate,
    [property: Id(3)] decimal? PerCapitaFyp,
    [property: Id(4)] decimal? Productivity,
    [property: Id(5)] decimal? AveragePremiumPerCase,
    [property: Id(6)] decimal? CasesPerCapita,
    [property: Id(7)] decimal? ShareMeetingStandard);

/// <summary>Stats of an agent, a team or a branch for one period; the ids that do not apply are omitted.</summary>
[GenerateSerializer, Alias("tracking.stats-view")]
public sealed record StatsView(
    [property: Id(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AgentId,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TeamId,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BranchId,
    [property: Id(3)] PeriodView Period,
    [property: Id(4)] IReadOnlyDictionary<string, decimal> Metrics,
    [property: Id(5)] IReadOnlyDictionary<string, decimal> Targets,
    [property: Id(6)] IReadOnlyDictionary<string, decimal?> Attainment,
    [property: Id(7)] IReadOnlyDictionary<string, decimal?> Pace,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KpisView? Kpis);

[GenerateSerializer, Alias("tracking.leaderboard-entry")]
public sealed record LeaderboardEntryView(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] string? TeamId,
    [property: Id(4)] decimal Value);

[GenerateSerializer, Alias("tracking.leaderboard-view")]
public sealed record LeaderboardView(
    [property: Id(0)] string BranchId,
    [property: Id(1)] string Metric,
    [property: Id(2)] PeriodView Period,
    [property: Id(3)] string Scope,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset AsOf,
    [property: Id(6)] IReadOnlyList<LeaderboardEntryView> Entries,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null);

/// <summary>A battle report for the office TV on <c>branch:{branchId}</c>: kind policy, targetReached, rankUp or campaignWon.</summary>
[GenerateSerializer, Alias("tracking.celebration-view")]
public sealed record CelebrationView(
    [property: Id(0)] string BranchId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Kind,
    [property: Id(4)] decimal Value,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] long Version = 0,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null);
