using Microsoft.AspNetCore.Http.HttpResults;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;
using Tracking.Api.Validation;

namespace Tracking.Api.Endpoints;

public static class OrgEndpoints
{
    public static RouteGroupBuilder MapOrgEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/org", PutOrg)
            .WithName("PutOrg")
            .WithSummary("Create or change branches, teams and agents; every reference is checked before anything is stored.")
            .Allow(AccessRule.Administer);
        api.MapGet("/branches/{id}", GetBranch).WithName("GetBranch").WithSummary("A branch: name, time zone, working days and hours.")
            .Allow(AccessRule.ViewBranchBoards, AccessTargetKind.Branch);
        api.MapGet("/teams/{id}", GetTeam).WithName("GetTeam").WithSummary("A team: its branch, name and supervisors.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        api.MapGet("/teams/{id}/members", GetTeamMembers).WithName("GetTeamMembers").WithSummary("The agents counted in a team now.")
            .Allow(AccessRule.ReadTeam, AccessTargetKind.Team);
        api.MapGet("/agents/{id}", GetAgent).WithName("GetAgent").WithSummary("An agent: current team, name, status and since when.")
            .Allow(AccessRule.ReadAgent, AccessTargetKind.Agent);
        return api;
    }

    private static async Task<Results<Ok<BranchInfo>, NotFoundProblem>> GetBranch(string id, IGrainFactory grains) =>
        await grains.GetGrain<IBranchGrain>(id).GetInfo() is { } info ? TypedResults.Ok(info) : Problems.NotFound($"Branch '{id}' is not known.");

    private static async Task<Results<Ok<TeamInfo>, NotFoundProblem>> GetTeam(string id, IGrainFactory grains) =>
        await grains.GetGrain<ITeamGrain>(id).GetInfo() is { } info ? TypedResults.Ok(info) : Problems.NotFound($"Team '{id}' is not known.");

    private static async Task<Results<Ok<IReadOnlyList<TeamMemberView>>, NotFoundProblem>> GetTeamMembers(string id, IGrainFactory grains)
    {
        var team = grains.GetGrain<ITeamGrain>(id);
        return await team.GetInfo() is null ? Problems.NotFound($"Team '{id}' is not known.") : TypedResults.Ok(await team.GetMembers());
    }

    private static async Task<Results<Ok<AgentInfo>, NotFoundProblem>> GetAgent(string id, IGrainFactory grains) =>
        await grains.GetGrain<IAgentGrain>(id).GetInfo() is { } info ? TypedResults.Ok(info) : Problems.NotFound($"Agent '{id}' is not known.");

    /// <summary>Upserts branches, then teams, then agents; every reference is checked before anything is stored.</summary>
    private static async Task<Results<Ok<OrgResponse>, ValidationProblem, UnprocessableProblem>> PutOrg(
        ValidBody<OrgRequest, OrgChanges> body, IGrainFactory grains)
    {
        var (branches, teams, agents) = body.Value;

        // References: a team's branch and an agent's team must exist, here or already stored.
        var branchIds = branches.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var teamsById = new Dictionary<string, TeamInfo>(StringComparer.Ordinal);
        foreach (var team in teams) teamsById[team.Id] = team;
        var missing = new ValidationErrors();
        for (var i = 0; i < teams.Count; i++)
        {
            if (!branchIds.Contains(teams[i].BranchId) && await grains.GetGrain<IBranchGrain>(teams[i].BranchId).GetInfo() is null)
                missing.Add($"teams[{i}].branchId", $"Branch '{teams[i].BranchId}' is not known.");
        }
        for (var i = 0; i < agents.Count; i++)
        {
            if (teamsById.ContainsKey(agents[i].TeamId)) continue;
            if (await grains.GetGrain<ITeamGrain>(agents[i].TeamId).GetInfo() is { } stored) teamsById[stored.Id] = stored;
            else missing.Add($"agents[{i}].teamId", $"Team '{agents[i].TeamId}' is not known.");
        }
        if (missing.Any) return Problems.Unprocessable(missing);

        foreach (var branch in branches) await grains.GetGrain<IBranchGrain>(branch.Id).Upsert(branch);
        await Task.WhenAll(teams.Select(t => grains.GetGrain<ITeamGrain>(t.Id).Upsert(t)));
        await grains.UpsertAgentsAsync(agents, teamsById);

        return TypedResults.Ok(new OrgResponse(branches.Count, teams.Count, agents.Count));
    }
}
