using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/campaigns/{id}</c>.</summary>
public sealed record CampaignRequest(
    string? Name,
    [property: Description("One of the ten metric names, e.g. fyp.")] string? Metric,
    [property: Description("agent, team or branch")] string? Unit,
    [property: Description("absolute (default) or percentOfTarget")] string? Scoring,
    [property: Description("ISO-8601 date and time with an offset.")] string? StartsAt,
    [property: Description("ISO-8601 date and time with an offset.")] string? EndsAt,
    [property: Range(CampaignRequest.MinGraceMinutes, CampaignRequest.MaxGraceMinutes), Description("Default 10.")] int? GraceMinutes,
    CampaignParticipantsRequest? Participants,
    [property: Description("One target for every participant.")] decimal? Target = null,
    [property: Description("Targets by participant id, overriding target.")] IReadOnlyDictionary<string, decimal?>? Targets = null)
{
    public const int DefaultGraceMinutes = 10;
    public const int MinGraceMinutes = 0;
    public const int MaxGraceMinutes = 1440;
}

public sealed record CampaignParticipantsRequest(
    [property: WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? BranchIds = null,
    [property: WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? TeamIds = null,
    [property: WrongKindMessage(WrongKindMessageAttribute.Ids, Item = WrongKindMessageAttribute.Id)] IReadOnlyList<string?>? AgentIds = null);
