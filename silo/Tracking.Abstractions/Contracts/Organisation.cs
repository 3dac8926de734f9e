using Tracking.Domain;
using Tracking.Domain.Alerts;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// A branch office. Working days (lower-case English day names) and hours ("HH:mm", branch-local) shape
/// pace and alerts; when absent the defaults are Monday to Friday, 09:00 to 18:00.
/// </summary>
[GenerateSerializer, Alias("tracking.branch-info")]
public sealed record BranchInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<string>? WorkingDays = null,
    [property: Id(4)] WorkingHoursInfo? WorkingHours = null);

[GenerateSerializer, Alias("tracking.working-hours")]
public sealed record WorkingHoursInfo(
    [property: Id(0)] string Start,
    [property: Id(1)] string End);

/// <summary>What a team or agent needs of its branch to compute stats: the branch and its targets.</summary>
[GenerateSerializer, Alias("tracking.branch-context")]
public sealed record BranchContext(
    [property: Id(0)] BranchInfo Info,
    [property: Id(1)] IReadOnlyList<TargetSetting> Targets,
    [property: Id(2)] AlertSettings? AlertSettings = null);

[GenerateSerializer, Alias("tracking.team-info")]
public sealed record TeamInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string BranchId,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyList<string> SupervisorIds);

/// <summary>An agent as the organisation endpoint stores it: the current team and status, and since when.</summary>
[GenerateSerializer, Alias("tracking.agent-info")]
public sealed record AgentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string TeamId,
    [property: Id(2)] string Name,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset EffectiveFrom);

/// <summary>What an aggregate (team or branch) needs to know about a member agent.</summary>
[GenerateSerializer, Alias("tracking.member")]
public sealed record MemberInfo(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<MembershipChange> Membership);
