using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>PUT /api/v1/alert-rules</c>: rule sets for branches (their teams' default) or teams (an override).</summary>
public sealed record AlertRulesRequest(IReadOnlyList<AlertRuleRequest?>? Rules);

/// <summary>One rule set; a field left out takes the product default.</summary>
public sealed record AlertRuleRequest(
    [property: Description("branch or team")] string? Scope,
    string? Id,
    BehindPaceRuleRequest? BehindPace = null,
    InactiveRuleRequest? Inactive = null,
    [property: Range(AlertRuleRequest.MinCooldownMinutes, AlertRuleRequest.MaxCooldownMinutes)] int? CooldownMinutes = null,
    [property: Range(AlertRuleRequest.MinDailyCap, AlertRuleRequest.MaxDailyCap)] int? DailyCapPerTeam = null)
{
    public const int MinCooldownMinutes = 0;
    public const int MaxCooldownMinutes = 10_080;
    public const int MinDailyCap = 0;
    public const int MaxDailyCap = 10_000;
}

public sealed record BehindPaceRuleRequest(bool? Enabled = null, decimal? Threshold = null, decimal? MinElapsedShare = null);

public sealed record InactiveRuleRequest(bool? Enabled = null, decimal? WorkingHours = null);
