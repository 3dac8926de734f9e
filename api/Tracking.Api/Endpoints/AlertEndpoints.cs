using System.Text.Json;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain.Alerts;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Endpoints;

public sealed record AlertRulesResponse(int Rules);

public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/alert-rules", PutRules);
        api.MapGet("/teams/{id}/alert-rules", async (string id, IGrainFactory grains) =>
        {
            var team = grains.GetGrain<ITeamGrain>(id);
            return await team.GetInfo() is null
                ? Problems.NotFound($"Team '{id}' is not known.")
                : Results.Ok(View("team", id, await team.GetAlertSettings()));
        });
        api.MapGet("/teams/{id}/alerts", async (string id, string? status, IGrainFactory grains) =>
        {
            if (status is not (null or "open" or "all")) return Problems.Invalid("status", $"'{status}' is not a status filter (open, all).");
            var team = grains.GetGrain<ITeamGrain>(id);
            if (await team.GetInfo() is null) return Problems.NotFound($"Team '{id}' is not known.");
            return Results.Ok(await team.GetAlerts(all: status == "all"));
        });
        api.MapPost("/alerts/{alertId}/ack", async (string alertId, IGrainFactory grains) =>
        {
            // Alert ids are "{teamId}.{n}": the team that owns the alert is in its id.
            var dot = alertId.LastIndexOf('.');
            var teamId = dot > 0 ? alertId[..dot] : null;
            if (teamId is null || !Topic.IsValidId(teamId)) return Problems.NotFound($"Alert '{alertId}' is not known.");
            return await grains.GetGrain<ITeamGrain>(teamId).Acknowledge(alertId) is { } alert
                ? Results.Ok(alert)
                : Problems.NotFound($"Alert '{alertId}' is not known.");
        });
        return api;
    }

    private static AlertSettingsView View(string scope, string id, AlertSettings s) =>
        new(scope, id, s.BehindPaceEnabled, s.BehindPaceThreshold, s.MinElapsedShare, s.InactiveEnabled, s.InactiveWorkingHours, s.CooldownMinutes, s.DailyCapPerTeam);

    /// <summary>
    /// Sets alert rules for branches (the default of their teams) or teams (an override replacing the
    /// branch's rules as a whole); a field left out takes the product default.
    /// </summary>
    private static async Task<IResult> PutRules(HttpRequest request, IGrainFactory grains)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rules", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("rules", "is required: an array of alert rule sets.");
            return Problems.Invalid(errors);
        }

        var parsed = new List<(string Scope, string Id, AlertSettings Settings)>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"rules[{index++}]";
            if (item.ValueKind != JsonValueKind.Object) { errors.Add(path, "must be an object."); continue; }
            if (Parse(item, path, errors) is { } rule) parsed.Add(rule);
        }
        if (errors.Any) return Problems.Invalid(errors);

        var missing = new ValidationErrors();
        for (var i = 0; i < parsed.Count; i++)
        {
            var (scope, id, _) = parsed[i];
            var known = scope == "branch"
                ? await grains.GetGrain<IBranchGrain>(id).GetInfo() is not null
                : await grains.GetGrain<ITeamGrain>(id).GetInfo() is not null;
            if (!known) missing.Add($"rules[{i}].id", $"{scope} '{id}' is not known.");
        }
        if (missing.Any) return Problems.Unprocessable(missing);

        foreach (var (scope, id, settings) in parsed)
        {
            if (scope == "branch") await grains.GetGrain<IBranchGrain>(id).SetAlertSettings(settings);
            else await grains.GetGrain<ITeamGrain>(id).SetAlertSettings(settings);
        }
        return Results.Ok(new AlertRulesResponse(parsed.Count));
    }

    private static (string, string, AlertSettings)? Parse(JsonElement e, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        var scope = String(e, "scope", $"{path}.scope", errors);
        if (scope is not null and not ("branch" or "team")) errors.Add($"{path}.scope", $"'{scope}' is not a scope (branch, team).");
        var id = Id(e, "id", $"{path}.id", errors);
        var d = AlertSettings.Default;
        var settings = d;
        if (TryObject(e, "behindPace", $"{path}.behindPace", errors, out var pace, required: false))
            settings = settings with
            {
                BehindPaceEnabled = Bool(pace, "enabled", $"{path}.behindPace.enabled", errors, required: false) ?? true,
                BehindPaceThreshold = OptionalNumber(pace, "threshold", $"{path}.behindPace.threshold", errors) ?? d.BehindPaceThreshold,
                MinElapsedShare = OptionalNumber(pace, "minElapsedShare", $"{path}.behindPace.minElapsedShare", errors) ?? d.MinElapsedShare,
            };
        if (TryObject(e, "inactive", $"{path}.inactive", errors, out var quiet, required: false))
            settings = settings with
            {
                InactiveEnabled = Bool(quiet, "enabled", $"{path}.inactive.enabled", errors, required: false) ?? true,
                InactiveWorkingHours = OptionalNumber(quiet, "workingHours", $"{path}.inactive.workingHours", errors) ?? d.InactiveWorkingHours,
            };
        if (e.TryGetProperty("cooldownMinutes", out _))
            settings = settings with { CooldownMinutes = Integer(e, "cooldownMinutes", $"{path}.cooldownMinutes", errors, 0, 10_080) ?? d.CooldownMinutes };
        if (e.TryGetProperty("dailyCapPerTeam", out _))
            settings = settings with { DailyCapPerTeam = Integer(e, "dailyCapPerTeam", $"{path}.dailyCapPerTeam", errors, 0, 10_000) ?? d.DailyCapPerTeam };
        foreach (var message in settings.Problems()) errors.Add(path, message);
        return errors.Count == before ? (scope!, id!, settings) : null;
    }

    private static decimal? OptionalNumber(JsonElement parent, string name, string path, ValidationErrors errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
        errors.Add(path, "must be a number.");
        return null;
    }
}
