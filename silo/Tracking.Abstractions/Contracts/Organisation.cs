using System.Text.Json.Serialization;
using Tracking.Domain;
using Tracking.Domain.Alerts;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// A branch office. Working days (lower-case English day names) and hours ("HH:mm", branch-local) shape
/// pace and alerts; when absent the defaults are Monday to Friday, 09:00 to 18:00. Who counts as an effective
/// agent and the star bands of its quarters are the branch's too (defaults when not set).
/// </summary>
[GenerateSerializer, Alias("tracking.branch-info")]
public sealed record BranchInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<string>? WorkingDays = null,
    [property: Id(4)] WorkingHoursInfo? WorkingHours = null)
{
    /// <summary>The effective-agent thresholds as set in the org; null: the defaults.</summary>
    [Id(5), JsonIgnore] public EffectiveAgentInfo? EffectiveAgentSetting { get; init; }

    /// <summary>The star bands as set in the org (an empty list: no stars at all); null: the defaults.</summary>
    [Id(6), JsonIgnore] public IReadOnlyList<StarBandInfo>? StarBandsSetting { get; init; }

    /// <summary>The language of the branch's chat-robot messages as set in the org; null: <see cref="BranchLanguages.Default"/>.</summary>
    [Id(7), JsonIgnore] public string? LanguageSetting { get; init; }

    /// <summary>The language in force (zh-CN or en), as <c>GET /branches/{id}</c> shows it.</summary>
    public string Language => LanguageSetting ?? BranchLanguages.Default;

    /// <summary>The thresholds in force, as <c>GET /branches/{id}</c> shows them.</summary>
    public EffectiveAgentInfo EffectiveAgent => EffectiveAgentSetting ?? EffectiveAgentInfo.Default;

    /// <summary>The star bands in force, as <c>GET /branches/{id}</c> shows them.</summary>
    public IReadOnlyList<StarBandInfo> StarBands => StarBandsSetting ?? StarBandInfo.Defaults;
}

/// <summary>The languages a branch's webhook messages can be written in.</summary>
public static class BranchLanguages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Default = Chinese;

    public static readonly IReadOnlyList<string> All = [Chinese, English];
}

/// <summary>An agent is effective (有效人力) in a month with at least these net policies and net FYP credited.</summary>
[GenerateSerializer, Alias("tracking.effective-agent-info")]
public sealed record EffectiveAgentInfo(
    [property: Id(0)] int MinPolicies,
    [property: Id(1)] decimal MinFyp)
{
    public static readonly EffectiveAgentInfo Default = new(EffectiveAgentRule.Default.MinPolicies, EffectiveAgentRule.Default.MinFyp);

    public EffectiveAgentRule ToRule() => new(MinPolicies, MinFyp);
}

/// <summary>A star band: <see cref="Stars"/> for a quarter whose average effective headcount reaches <see cref="MinEffective"/>.</summary>
[GenerateSerializer, Alias("tracking.star-band-info")]
public sealed record StarBandInfo(
    [property: Id(0)] int Stars,
    [property: Id(1)] decimal MinEffective)
{
    public static readonly IReadOnlyList<StarBandInfo> Defaults = [.. StarRating.DefaultBands.Select(b => new StarBandInfo(b.Stars, b.MinEffective))];

    public StarBand ToBand() => new(Stars, MinEffective);
}

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

/// <summary>
/// An agent as the organisation endpoint stores it: the current team and status, and since when, and whether
/// display screens may show its name (<see cref="PublicDisplay"/>).
/// </summary>
[GenerateSerializer, Alias("tracking.agent-info")]
public sealed record AgentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string TeamId,
    [property: Id(2)] string Name,
    [property: Id(3)] bool Active,
    [property: Id(4)] DateTimeOffset EffectiveFrom)
{
    /// <summary>
    /// The agent asked not to be named on display screens (<c>"publicDisplay": false</c>). Stored this way round
    /// so that an agent stored before the field existed reads as public (a missing field reads as false).
    /// </summary>
    [Id(5), JsonIgnore] public bool NameHidden { get; init; }

    /// <summary>Whether display screens may show the agent's name (default true); its rank and value show either way.</summary>
    public bool PublicDisplay => !NameHidden;
}

/// <summary>An agent's member record after an upsert, with the teams and branches to tell (old and new).</summary>
[GenerateSerializer, Immutable, Alias("tracking.member-routing")]
public sealed record MemberRouting(
    [property: Id(0)] MemberInfo Member,
    [property: Id(1)] IReadOnlyList<string> Teams,
    [property: Id(2)] IReadOnlyList<string> Branches);

/// <summary>What an aggregate (team or branch) needs to know about a member agent.</summary>
/// <param name="NameHidden">The agent is not to be named on display screens (<see cref="AgentInfo.PublicDisplay"/> false).</param>
[GenerateSerializer, Alias("tracking.member")]
public sealed record MemberInfo(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<MembershipChange> Membership,
    [property: Id(3)] bool NameHidden = false);
