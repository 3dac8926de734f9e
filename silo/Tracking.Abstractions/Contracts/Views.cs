using System.Text.Json.Serialization;

namespace Tracking.Abstractions.Contracts;

// The shapes clients see (docs/api.md), shared by HTTP responses and SignalR pushes.

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

/// <summary>Whose KPIs a <see cref="KpisView"/> holds: an agent shows only its collection rate; a branch also its stars.</summary>
public enum KpisScope { Team = 0, Branch = 1, Agent = 2 }

/// <summary>
/// The <c>kpis</c> object of stats. Written by <see cref="KpisViewJsonConverter"/>: an agent's as
/// <c>{"collectionRate"}</c>, a team's with every unit KPI, a branch's with <c>stars</c> too.
/// </summary>
[GenerateSerializer, Alias("tracking.kpis-view"), JsonConverter(typeof(KpisViewJsonConverter))]
public sealed record KpisView(
    [property: Id(0)] HeadcountView Headcount,
    [property: Id(1)] int ActiveAgents,
    [property: Id(2)] decimal? ActivityRate,
    [property: Id(3)] decimal? PerCapitaFyp,
    [property: Id(4)] decimal? Productivity,
    [property: Id(5)] decimal? AveragePremiumPerCase,
    [property: Id(6)] decimal? CasesPerCapita,
    [property: Id(7)] decimal? ShareMeetingStandard,
    [property: Id(8)] decimal? CollectionRate = null,
    [property: Id(9)] decimal? EffectiveHeadcount = null,
    [property: Id(10)] decimal? EffectiveRate = null,
    [property: Id(11)] int? Stars = null,
    [property: Id(12)] KpisScope Scope = KpisScope.Team)
{
    /// <summary>An agent's KPIs: its collection rate alone.</summary>
    public static KpisView ForAgent(decimal? collectionRate) =>
        new(new HeadcountView(0, 0, 0m), 0, null, null, null, null, null, null, collectionRate, Scope: KpisScope.Agent);
}

/// <summary>Stats of an agent, a team or a branch for one period; the ids that do not apply are omitted.</summary>
/// <remarks>
/// The last three tell a page where progress should be by now, per the branch's working calendar, so no page
/// keeps a copy of the calendar: <see cref="ElapsedShare"/> is the share of the period's working time passed
/// (0–1); <see cref="Expected"/> what should be done by now of each target (a month target with a weekly split
/// follows its split, so expected ÷ target is the pace marker of that metric); <see cref="ElapsedShareByDay"/>
/// the elapsed share at the end of each local day of the period, the shape of a plan line.
/// </remarks>
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
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] KpisView? Kpis,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? ElapsedShare = null,
    [property: Id(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, decimal>? Expected = null,
    [property: Id(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<decimal>? ElapsedShareByDay = null);

/// <summary>
/// One place on a leaderboard. <see cref="Name"/> is null only as a display screen receives it;
/// <see cref="NameHidden"/> (never sent) says the agent's name must not reach display screens.
/// </summary>
[GenerateSerializer, Alias("tracking.leaderboard-entry")]
public sealed record LeaderboardEntryView(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? TeamId,
    [property: Id(4)] decimal Value,
    [property: Id(5), JsonIgnore] bool NameHidden = false);

/// <summary>
/// A branch's board of agents or teams for one metric and period. <see cref="RankedCount"/> (never sent) is
/// how many the whole board ranks, also beyond the entries listed: a display screen's policy may hide its
/// lower half.
/// </summary>
[GenerateSerializer, Alias("tracking.leaderboard-view")]
public sealed record LeaderboardView(
    [property: Id(0)] string BranchId,
    [property: Id(1)] string Metric,
    [property: Id(2)] PeriodView Period,
    [property: Id(3)] string Scope,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset AsOf,
    [property: Id(6)] IReadOnlyList<LeaderboardEntryView> Entries,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: Id(8), JsonIgnore] int RankedCount = 0);

/// <summary>
/// A battle report for the office TV on <c>branch:{branchId}</c>: kind policy, targetReached, rankUp or campaignWon.
/// For targetReached and rankUp, <see cref="Metric"/> and <see cref="Period"/> name the target or board; for
/// campaignWon, <see cref="AgentId"/> and <see cref="Name"/> are the winning participant (an agent, team or
/// branch, as <see cref="Unit"/> says). <see cref="Merged"/> counts the celebrations the branch's rate limit
/// folded into this one. <see cref="NameHidden"/> (never sent) says the agent's name must not reach display
/// screens, which then receive <see cref="Name"/> null.
/// </summary>
[GenerateSerializer, Alias("tracking.celebration-view")]
public sealed record CelebrationView(
    [property: Id(0)] string BranchId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string? Name,
    [property: Id(3)] string Kind,
    [property: Id(4)] decimal Value,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] long Version = 0,
    [property: Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: Id(8), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Metric = null,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Period = null,
    [property: Id(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CampaignId = null,
    [property: Id(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CampaignName = null,
    [property: Id(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unit = null,
    [property: Id(13), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Merged = 0,
    [property: Id(14), JsonIgnore] bool NameHidden = false);

/// <summary>An alert for supervisors (docs/api.md, "Alerts"); on <c>alerts:{teamId}</c> each change is pushed as <c>alert</c>.</summary>
[GenerateSerializer, Alias("tracking.alert-view")]
public sealed record AlertView(
    [property: Id(0)] string AlertId,
    [property: Id(1)] string TeamId,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string Rule,
    [property: Id(4)] string? Metric,
    [property: Id(5)] decimal Actual,
    [property: Id(6)] decimal Expected,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] string Status,
    [property: Id(9)] DateTimeOffset? AcknowledgedAt,
    [property: Id(10)] DateTimeOffset? ResolvedAt,
    [property: Id(11)] string? AgentName = null,
    [property: Id(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: Id(13), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Version = 0,
    // The renewal item of a renewalAtRisk alert; left out for the other rules.
    [property: Id(14), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PolicyId = null,
    [property: Id(15), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? DueDate = null,
    [property: Id(16), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? GraceEndsOn = null);

/// <summary>The snapshot of <c>alerts:{teamId}</c>: the team's unresolved alerts.</summary>
[GenerateSerializer, Alias("tracking.alerts-live-view")]
public sealed record AlertsLiveView(
    [property: Id(0)] string Topic,
    [property: Id(1)] string TeamId,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset AsOf,
    [property: Id(4)] IReadOnlyList<AlertView> Alerts);

/// <summary>Alert rules as configured for a branch (default) or a team (override), in the API's shape.</summary>
[GenerateSerializer, Alias("tracking.alert-settings-view")]
public sealed record AlertSettingsView(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Id,
    [property: Id(2)] bool BehindPaceEnabled,
    [property: Id(3)] decimal BehindPaceThreshold,
    [property: Id(4)] decimal MinElapsedShare,
    [property: Id(5)] bool InactiveEnabled,
    [property: Id(6)] decimal InactiveWorkingHours,
    [property: Id(7)] int CooldownMinutes,
    [property: Id(8)] int DailyCapPerTeam,
    [property: Id(9)] bool RenewalAtRiskEnabled,
    [property: Id(10)] int RenewalAtRiskDaysBeforeGraceEnd);

/// <summary>An agent counted in a team now.</summary>
[GenerateSerializer, Alias("tracking.team-member-view")]
public sealed record TeamMemberView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset Since);
