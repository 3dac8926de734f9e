using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/org</c>: branches, teams and agents to create or change, any of the three lists.</summary>
public sealed record OrgRequest(
    IReadOnlyList<BranchRequest?>? Branches = null,
    IReadOnlyList<TeamRequest?>? Teams = null,
    IReadOnlyList<AgentRequest?>? Agents = null);

public sealed record BranchRequest(
    string? Id,
    string? Name,
    [property: Description("An IANA time zone, e.g. Asia/Shanghai.")] string? TimeZone,
    [property: Description("Distinct lower-case English day names; default monday to friday."),
        WrongKindMessage(BranchRequest.WorkingDaysRule, Item = BranchRequest.WorkingDaysRule, ItemOnList = true)] IReadOnlyList<string?>? WorkingDays = null,
    WorkingHoursRequest? WorkingHours = null,
    [property: Description("Who counts as an effective agent (有效人力) in a month; default {\"minPolicies\": 1, \"minFyp\": 0}.")]
    EffectiveAgentRequest? EffectiveAgent = null,
    [property: Description("0-10 star bands for the quarter's average effective headcount; default 3 stars from 40, 4 from 60, 5 from 80.")]
    IReadOnlyList<StarBandRequest?>? StarBands = null,
    [property: Description("The language of the branch's chat-robot webhook messages: zh-CN (default) or en.")]
    string? Language = null)
{
    public const string WorkingDaysRule = "must be a non-empty array of distinct day names, e.g. [\"monday\", …, \"saturday\"].";
    public const int MaxStarBands = 10;
}

/// <summary>An agent is effective in a month with at least these net policies and net FYP credited; a field left out takes its default.</summary>
public sealed record EffectiveAgentRequest(
    [property: Description("Net policies in the month, whole number 0-1000; default 1."),
        Range(EffectiveAgentRequest.MinPoliciesFloor, EffectiveAgentRequest.MinPoliciesCeiling)] int? MinPolicies = null,
    [property: Description("Net FYP in the month, money ≥ 0; default 0."), WrongKindMessage(WrongKindMessageAttribute.Number)] decimal? MinFyp = null)
{
    public const int MinPoliciesFloor = 0;
    public const int MinPoliciesCeiling = 1000;
}

/// <summary>A star band: <c>stars</c> for a quarter whose average effective headcount reaches <c>minEffective</c>.</summary>
public sealed record StarBandRequest(
    [property: Description("Whole number 1-10, distinct within the branch."), Range(StarBandRequest.MinStars, StarBandRequest.MaxStars)] int? Stars,
    [property: Description("The quarter's average effective headcount that earns the stars, ≥ 0."), WrongKindMessage(WrongKindMessageAttribute.Number)] decimal? MinEffective)
{
    public const int MinStars = 1;
    public const int MaxStars = 10;
    public const decimal MaxMinEffective = 1_000_000m;
}

/// <summary>Branch-local working hours, "HH:mm" each, start before end; default 09:00 to 18:00.</summary>
public sealed record WorkingHoursRequest(string? Start, string? End);

public sealed record TeamRequest(
    string? Id,
    string? BranchId,
    string? Name,
    [property: Description("Ids of the team's supervisors, 1-128 printable ASCII characters each."),
        WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.ExternalId)] IReadOnlyList<string?>? SupervisorIds = null);

public sealed record AgentRequest(
    string? Id,
    string? TeamId,
    string? Name,
    [property: Description("Default true.")] bool? Active = null,
    [property: Description("Since when the team and status hold, ISO-8601 with an offset; default now.")] string? EffectiveFrom = null,
    [property: Description("Whether display screens may show the agent's name; default true. False: its rank and value show, its name is null.")]
    bool? PublicDisplay = null);
