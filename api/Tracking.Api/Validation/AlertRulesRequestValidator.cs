using System.Text.Json.Serialization.Metadata;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain.Alerts;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>One rule set of <c>PUT /api/v1/alert-rules</c>: for a branch (its teams' default) or a team (an override).</summary>
public sealed record AlertRuleChange(string Scope, string Id, AlertSettings Settings)
{
    public bool IsBranch => Scope == "branch";
}

/// <summary>Checks the body of <c>PUT /api/v1/alert-rules</c>; a field left out takes the product default.</summary>
public sealed class AlertRulesRequestValidator : IRequestValidator<AlertRulesRequest, IReadOnlyList<AlertRuleChange>>
{
    public JsonTypeInfo<AlertRulesRequest> JsonType => RequestJsonContext.Default.AlertRulesRequest;

    public (string Path, string Message) ShapeError { get; } = ("rules", "is required: an array of alert rule sets.");

    public IReadOnlyList<AlertRuleChange>? Validate(AlertRulesRequest request, ValidationErrors errors) =>
        RequiredList(request.Rules, ShapeError, errors, Rule);

    private static AlertRuleChange? Rule(AlertRuleRequest e, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        var scope = Present(e.Scope, $"{path}.scope", errors) ? e.Scope : null;
        if (scope is not null and not ("branch" or "team")) errors.Add($"{path}.scope", $"'{scope}' is not a scope (branch, team).");
        var id = Id(e.Id, $"{path}.id", errors);
        var d = AlertSettings.Default;
        var settings = d;
        if (e.BehindPace is { } pace)
            settings = settings with
            {
                BehindPaceEnabled = pace.Enabled ?? true,
                BehindPaceThreshold = pace.Threshold ?? d.BehindPaceThreshold,
                MinElapsedShare = pace.MinElapsedShare ?? d.MinElapsedShare,
            };
        if (e.Inactive is { } quiet)
            settings = settings with
            {
                InactiveEnabled = quiet.Enabled ?? true,
                InactiveWorkingHours = quiet.WorkingHours ?? d.InactiveWorkingHours,
            };
        if (e.RenewalAtRisk is { } risk)
            settings = settings with
            {
                RenewalAtRiskEnabled = risk.Enabled ?? true,
                RenewalAtRiskDaysBeforeGraceEnd = risk.DaysBeforeGraceEnd is null
                    ? d.RenewalAtRiskDaysBeforeGraceEnd
                    : Integer(risk.DaysBeforeGraceEnd, $"{path}.renewalAtRisk.daysBeforeGraceEnd", errors,
                        RenewalAtRiskRuleRequest.MinDaysBeforeGraceEnd, RenewalAtRiskRuleRequest.MaxDaysBeforeGraceEnd) ?? d.RenewalAtRiskDaysBeforeGraceEnd,
            };
        if (e.CooldownMinutes is not null)
            settings = settings with
            {
                CooldownMinutes = Integer(e.CooldownMinutes, $"{path}.cooldownMinutes", errors, AlertRuleRequest.MinCooldownMinutes, AlertRuleRequest.MaxCooldownMinutes)
                    ?? d.CooldownMinutes,
            };
        if (e.DailyCapPerTeam is not null)
            settings = settings with
            {
                DailyCapPerTeam = Integer(e.DailyCapPerTeam, $"{path}.dailyCapPerTeam", errors, AlertRuleRequest.MinDailyCap, AlertRuleRequest.MaxDailyCap)
                    ?? d.DailyCapPerTeam,
            };
        foreach (var message in settings.Problems()) errors.Add(path, message);
        return errors.Count == before ? new AlertRuleChange(scope!, id!, settings) : null;
    }
}
