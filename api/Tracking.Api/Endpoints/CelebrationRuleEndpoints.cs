using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Celebrations;
using Tracking.Api.Access;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

/// <summary>
/// <c>PUT|GET /api/v1/branches/{id}/celebration-rules</c>: which battle reports a branch's TV shows on
/// <c>branch:{id}</c> and how fast. A field left out takes the product default.
/// </summary>
public static class CelebrationRuleEndpoints
{
    public static RouteGroupBuilder MapCelebrationRuleEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/branches/{id}/celebration-rules", GetRules)
            .WithName("GetCelebrationRules")
            .WithSummary("Which battle reports a branch's TV shows and how fast.")
            .Allow(AccessRule.ViewBranchBoards, AccessTargetKind.Branch);
        api.MapPut("/branches/{id}/celebration-rules", PutRules)
            .WithName("PutCelebrationRules")
            .WithSummary("Set a branch's battle-report rules; a field left out takes the product default.")
            .Allow(AccessRule.Administer);
        return api;
    }

    private static async Task<Results<Ok<CelebrationRulesView>, NotFoundProblem>> GetRules(string id, IGrainFactory grains)
    {
        var branch = grains.GetGrain<IBranchGrain>(id);
        return await branch.GetInfo() is null
            ? Problems.NotFound($"Branch '{id}' is not known.")
            : TypedResults.Ok(View(id, await branch.GetCelebrationSettings()));
    }

    private static async Task<Results<Ok<CelebrationRulesView>, ValidationProblem, NotFoundProblem>> PutRules(
        string id, ValidBody<CelebrationRulesRequest, CelebrationSettings> body, IGrainFactory grains)
    {
        var branch = grains.GetGrain<IBranchGrain>(id);
        if (await branch.GetInfo() is null) return Problems.NotFound($"Branch '{id}' is not known.");
        await branch.SetCelebrationSettings(body.Value);
        return TypedResults.Ok(View(id, body.Value));
    }

    private static CelebrationRulesView View(string branchId, CelebrationSettings s) =>
        new(branchId, s.PolicyMinPremium, s.TargetReached, s.RankUp, s.Burst, s.IntervalSeconds);
}
