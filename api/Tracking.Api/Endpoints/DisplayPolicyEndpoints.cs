using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;
using Tracking.Domain.Display;

namespace Tracking.Api.Endpoints;

/// <summary>
/// <c>PUT|GET /api/v1/branches/{id}/display-policy</c>: what a branch's display screens may see of leaderboards
/// and scoreboards (how many entries, agents' names as they are, as an initial or not at all, the bottom half
/// or not). A field left out takes its default.
/// </summary>
public static class DisplayPolicyEndpoints
{
    public static RouteGroupBuilder MapDisplayPolicyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/branches/{id}/display-policy", GetPolicy)
            .WithName("GetDisplayPolicy")
            .WithSummary("What a branch's display screens may see of its boards: how many entries, names, the bottom half.")
            .Allow(AccessRule.ViewBranchBoards, AccessTargetKind.Branch);
        api.MapPut("/branches/{id}/display-policy", PutPolicy)
            .WithName("PutDisplayPolicy")
            .WithSummary("Set a branch's display policy; a field left out takes its default (top 50, names full, showBottom true).")
            .Allow(AccessRule.Administer);
        return api;
    }

    private static async Task<Results<Ok<DisplayPolicyView>, NotFoundProblem>> GetPolicy(string id, IGrainFactory grains)
    {
        var branch = grains.GetGrain<IBranchGrain>(id);
        return await branch.GetInfo() is null
            ? Problems.NotFound($"Branch '{id}' is not known.")
            : TypedResults.Ok(View(id, await branch.GetDisplayPolicy()));
    }

    private static async Task<Results<Ok<DisplayPolicyView>, ValidationProblem, NotFoundProblem>> PutPolicy(
        string id, ValidBody<DisplayPolicyRequest, DisplayPolicy> body, IGrainFactory grains)
    {
        var branch = grains.GetGrain<IBranchGrain>(id);
        if (await branch.GetInfo() is null) return Problems.NotFound($"Branch '{id}' is not known.");
        await branch.SetDisplayPolicy(body.Value);
        return TypedResults.Ok(View(id, body.Value));
    }

    private static DisplayPolicyView View(string branchId, DisplayPolicy policy) => new(branchId, policy.Top, WireNames.NameDisplays.Name(policy.Names), policy.ShowBottom);
}
