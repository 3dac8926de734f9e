using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain.Alerts;

namespace Tracking.Api.Endpoints;

public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/alert-rules", PutRules)
            .WithName("PutAlertRules")
            .WithSummary("Set alert rules for branches (their teams' default) or teams (an override); a field left out takes the product default.")
            .Allow(AccessRule.Administer);
        api.MapGet("/teams/{id}/alert-rules", GetTeamRules)
            .WithName("GetTeamAlertRules")
            .WithSummary("The alert rules that apply to a team: its override, else its branch's rules.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        api.MapGet("/teams/{id}/alerts", GetTeamAlerts)
            .WithName("GetTeamAlerts")
            .WithSummary("A team's alerts, the unresolved ones or all.")
            .Allow(AccessRule.WatchTeam, AccessTargetKind.Team);
        api.MapPost("/alerts/{alertId}/ack", Acknowledge)
            .WithName("AcknowledgeAlert")
            .WithSummary("Acknowledge an alert; it stays quiet for the cooldown.")
            .Allow(AccessRule.WatchTeam, route => AccessTarget.Team(TeamOfAlert(route["alertId"] as string) ?? ""));
        return api;
    }

    private static async Task<Results<Ok<AlertSettingsView>, NotFoundProblem>> GetTeamRules(string id, IGrainFactory grains)
    {
        var team = grains.GetGrain<ITeamGrain>(id);
        return await team.GetInfo() is null
            ? Problems.NotFound($"Team '{id}' is not known.")
            : TypedResults.Ok(View("team", id, await team.GetAlertSettings()));
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertView>>, ValidationProblem, NotFoundProblem>> GetTeamAlerts(
        string id, [Description("open (default: unresolved alerts) or all")] string? status, IGrainFactory grains)
    {
        if (status is not (null or "open" or "all")) return Problems.Invalid("status", $"'{status}' is not a status filter (open, all).");
        var team = grains.GetGrain<ITeamGrain>(id);
        if (await team.GetInfo() is null) return Problems.NotFound($"Team '{id}' is not known.");
        return TypedResults.Ok(await team.GetAlerts(all: status == "all"));
    }

    private static async Task<Results<Ok<AlertView>, NotFoundProblem>> Acknowledge(string alertId, IGrainFactory grains)
    {
        if (TeamOfAlert(alertId) is not { } teamId) return Problems.NotFound($"Alert '{alertId}' is not known.");
        return await grains.GetGrain<ITeamGrain>(teamId).Acknowledge(alertId) is { } alert
            ? TypedResults.Ok(alert)
            : Problems.NotFound($"Alert '{alertId}' is not known.");
    }

    /// <summary>Alert ids are "{teamId}.{n}": the team that owns an alert is in its id.</summary>
    private static string? TeamOfAlert(string? alertId)
    {
        var dot = alertId?.LastIndexOf('.') ?? -1;
        var teamId = dot > 0 ? alertId![..dot] : null;
        return teamId is not null && Topic.IsValidId(teamId) ? teamId : null;
    }

    private static AlertSettingsView View(string scope, string id, AlertSettings s) =>
        new(scope, id, s.BehindPaceEnabled, s.BehindPaceThreshold, s.MinElapsedShare, s.InactiveEnabled, s.InactiveWorkingHours, s.CooldownMinutes, s.DailyCapPerTeam,
            s.RenewalAtRiskEnabled, s.RenewalAtRiskDaysBeforeGraceEnd);

    /// <summary>Checks that every branch and team named exists, then stores each rule set with its owner.</summary>
    private static async Task<Results<Ok<AlertRulesResponse>, ValidationProblem, UnprocessableProblem>> PutRules(
        ValidBody<AlertRulesRequest, IReadOnlyList<AlertRuleChange>> body, IGrainFactory grains)
    {
        var rules = body.Value;
        var missing = new ValidationErrors();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var known = rule.IsBranch
                ? await grains.GetGrain<IBranchGrain>(rule.Id).GetInfo() is not null
                : await grains.GetGrain<ITeamGrain>(rule.Id).GetInfo() is not null;
            if (!known) missing.Add($"rules[{i}].id", $"{rule.Scope} '{rule.Id}' is not known.");
        }
        if (missing.Any) return Problems.Unprocessable(missing);

        foreach (var rule in rules)
        {
            if (rule.IsBranch) await grains.GetGrain<IBranchGrain>(rule.Id).SetAlertSettings(rule.Settings);
            else await grains.GetGrain<ITeamGrain>(rule.Id).SetAlertSettings(rule.Settings);
        }
        return TypedResults.Ok(new AlertRulesResponse(rules.Count));
    }
}
