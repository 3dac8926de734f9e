using System.ComponentModel;

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
    WorkingHoursRequest? WorkingHours = null)
{
    public const string WorkingDaysRule = "must be a non-empty array of distinct day names, e.g. [\"monday\", …, \"saturday\"].";
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
