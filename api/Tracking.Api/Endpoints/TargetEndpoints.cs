using System.Text.Json;
using Tracking.Abstractions.Grains;
using Tracking.Api.Validation;
using Tracking.Domain;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Endpoints;

public sealed record TargetsResponse(int Targets);

public sealed record TargetView(string Scope, string Id, string Metric, string Period, decimal Value, IReadOnlyList<decimal>? Weekly);

public static class TargetEndpoints
{
    public static RouteGroupBuilder MapTargetEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/targets", PutTargets);
        api.MapGet("/branches/{id}/targets", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<IBranchGrain>(id).GetContext() is { } context
                ? Results.Ok(new { branchId = id, targets = context.Targets.Select(View) })
                : Problems.NotFound($"Branch '{id}' is not known."));
        return api;
    }

    private static TargetView View(TargetSetting t) =>
        new(t.Scope.Name(), t.ScopeId, t.Metric.Name(), PeriodKey.KindName(t.Period), t.Value, t.WeeklySplit);

    /// <summary>Upserts targets; each is stored with the branch its scope belongs to (checked before anything is stored).</summary>
    private static async Task<IResult> PutTargets(HttpRequest request, IGrainFactory grains)
    {
        var (document, problem) = await Problems.ReadJsonAsync(request);
        if (problem is not null) return problem;
        using var _ = document;
        var root = document!.RootElement;
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("targets", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("targets", "is required: an array of targets.");
            return Problems.Invalid(errors);
        }

        var targets = new List<TargetSetting>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"targets[{index++}]";
            if (item.ValueKind != JsonValueKind.Object) { errors.Add(path, "must be an object."); continue; }
            if (ParseTarget(item, path, errors) is { } target) targets.Add(target);
        }
        if (errors.Any) return Problems.Invalid(errors);

        var byBranch = new Dictionary<string, List<TargetSetting>>(StringComparer.Ordinal);
        var missing = new ValidationErrors();
        for (var i = 0; i < targets.Count; i++)
        {
            var branchId = await BranchOf(targets[i], grains);
            if (branchId is null)
            {
                missing.Add($"targets[{i}].id", $"{targets[i].Scope.Name()} '{targets[i].ScopeId}' is not known.");
                continue;
            }
            if (!byBranch.TryGetValue(branchId, out var group)) byBranch[branchId] = group = [];
            group.Add(targets[i]);
        }
        if (missing.Any) return Problems.Unprocessable(missing);

        await Task.WhenAll(byBranch.Select(g => grains.GetGrain<IBranchGrain>(g.Key).UpsertTargets(g.Value)));
        return Results.Ok(new TargetsResponse(targets.Count));
    }

    private static async Task<string?> BranchOf(TargetSetting target, IGrainFactory grains)
    {
        switch (target.Scope)
        {
            case TargetScope.Branch:
                return await grains.GetGrain<IBranchGrain>(target.ScopeId).GetInfo() is null ? null : target.ScopeId;
            case TargetScope.Team:
                return (await grains.GetGrain<ITeamGrain>(target.ScopeId).GetInfo())?.BranchId;
            default:
                var agent = await grains.GetGrain<IAgentGrain>(target.ScopeId).GetInfo();
                return agent is null ? null : (await grains.GetGrain<ITeamGrain>(agent.TeamId).GetInfo())?.BranchId;
        }
    }

    private static TargetSetting? ParseTarget(JsonElement e, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        var scopeName = String(e, "scope", $"{path}.scope", errors);
        var scope = default(TargetScope);
        if (scopeName is not null && !TargetScopes.TryParse(scopeName, out scope))
            errors.Add($"{path}.scope", $"'{scopeName}' is not a scope (branch, team, agent).");
        var id = Id(e, "id", $"{path}.id", errors);
        var metricName = String(e, "metric", $"{path}.metric", errors);
        var metric = default(Metric);
        if (metricName is not null && !Metrics.TryParse(metricName, out metric))
            errors.Add($"{path}.metric", $"'{metricName}' is not a metric.");
        var periodName = String(e, "period", $"{path}.period", errors);
        var period = default(PeriodKind);
        if (periodName is not null && !PeriodKey.TryParseKind(periodName, out period))
            errors.Add($"{path}.period", $"'{periodName}' is not a period (day, week, month).");
        var value = Money(e, "value", $"{path}.value", errors);

        List<decimal>? weekly = null;
        if (e.TryGetProperty("weekly", out var split) && split.ValueKind != JsonValueKind.Null)
        {
            if (split.ValueKind != JsonValueKind.Array) errors.Add($"{path}.weekly", "must be an array of numbers.");
            else
            {
                weekly = [];
                var i = 0;
                foreach (var _ in split.EnumerateArray())
                {
                    if (Money(split, i, $"{path}.weekly[{i}]", errors) is { } part) weekly.Add(part);
                    i++;
                }
            }
        }
        if (errors.Count != before) return null;

        var setting = new TargetSetting(scope, id!, metric, period, value!.Value, weekly);
        foreach (var message in setting.Problems()) errors.Add(weekly is null ? $"{path}.value" : $"{path}.weekly", message);
        return errors.Count == before ? setting : null;
    }
}
