using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain;

namespace Tracking.Api.Endpoints;

public static class TargetEndpoints
{
    public static RouteGroupBuilder MapTargetEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/targets", PutTargets)
            .WithName("PutTargets")
            .WithSummary("Create or change targets of branches, teams and agents; every scope is checked before anything is stored.")
            .Allow(AccessRule.Administer);
        api.MapGet("/branches/{id}/targets", GetBranchTargets)
            .WithName("GetBranchTargets")
            .WithSummary("Every target stored with a branch: its own and its teams' and agents'.")
            .Allow(AccessRule.ReadBranch, AccessTargetKind.Branch);
        return api;
    }

    private static async Task<Results<Ok<BranchTargetsView>, NotFoundProblem>> GetBranchTargets(string id, IGrainFactory grains) =>
        await grains.GetGrain<IBranchGrain>(id).GetContext() is { } context
            ? TypedResults.Ok(new BranchTargetsView(id, context.Targets.Select(View).ToList()))
            : Problems.NotFound($"Branch '{id}' is not known.");

    private static TargetView View(TargetSetting t) =>
        new(t.Scope.Name(), t.ScopeId, t.MetricName, PeriodKey.KindName(t.Period), t.Value, t.WeeklySplit);

    /// <summary>Upserts targets; each is stored with the branch its scope belongs to (checked before anything is stored).</summary>
    private static async Task<Results<Ok<TargetsResponse>, ValidationProblem, UnprocessableProblem>> PutTargets(
        ValidBody<TargetsRequest, IReadOnlyList<TargetSetting>> body, IGrainFactory grains)
    {
        var targets = body.Value;
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
        return TypedResults.Ok(new TargetsResponse(targets.Count));
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
}
