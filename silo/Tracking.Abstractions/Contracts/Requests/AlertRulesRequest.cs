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
    RenewalAtRiskRuleRequest? RenewalAtRisk = null,
    [property: Range(AlertRuleRequest.MinCooldownMinutes, AlertRuleRequest.MaxCooldownMinutes)] int? CooldownMinutes = null,
    [property: Range(AlertRuleRequest.MinDailyCap, AlertRuleRequest.MaxDailyCap)] int? DailyCapPerTeam = null)
{
    public const int MinCooldownMinutes = 0;
    public const int MaxCooldownMinutes = 10_080;
    public const int MinDailyCap = 0;
    public const int MaxDailyCap = 10_000;
}

public sealed record BehindPaceRuleRequest(
    bool? Enabled = null,
    [property: Description("Alert below this share of the expected progress; above 0, at most 10; default 0.7."), WrongKindMessage(WrongKindMessageAttribute.Number)] decimal? Threshold = null,
    [property: Description("Judge only once this share of the period's working time has passed; 0 to 1, default 0.2."), WrongKindMessage(WrongKindMessageAttribute.Number)] decimal? MinElapsedShare = null);

public sealed record InactiveRuleRequest(
    bool? Enabled = null,
    [property: Description("Alert after this many working hours without a call or visit; above 0, at most 24, default 2."), WrongKindMessage(WrongKindMessageAttribute.Number)] decimal? WorkingHours = null);

public sealed record RenewalAtRiskRuleRequest(
    bool? Enabled = null,
    [property: Description("Alert when an open renewal item is this many days or fewer from its grace end; 0 to 365, default 15."),
        Range(RenewalAtRiskRuleRequest.MinDaysBeforeGraceEnd, RenewalAtRiskRuleRequest.MaxDaysBeforeGraceEnd)] int? DaysBeforeGraceEnd = null)
{
    public const int MinDaysBeforeGraceEnd = 0;
    public const int MaxDaysBeforeGraceEnd = 365;
}
