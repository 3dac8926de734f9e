using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Api.Access;

/// <summary>
/// The one place where the access table is decided (docs/api.md, "Access control"). Scopes are looked up at the
/// time of the request: a supervisor's teams are its <c>team</c> claims, every team of its <c>branch</c> claims,
/// and every team whose <c>supervisorIds</c> holds its <c>sub</c> now — removed from a team, it loses it at once.
/// A display's scope is the branch of its <c>branch</c> claim, its teams and their agents. Something that does not
/// exist is out of everyone's scope but an admin's (so a 403 does not tell whether it exists).
/// </summary>
public sealed class AccessScope(IGrainFactory grains)
{
    public async Task<bool> AllowsAsync(Caller caller, AccessRule rule, AccessTarget target)
    {
        if (caller.IsAdmin) return true;
        // A target without an id (e.g. an alert id naming no team) is nobody's but an admin's; grains have no empty key.
        if (target.Kind != AccessTargetKind.None && target.Id.Length == 0) return false;
        return rule switch
        {
            AccessRule.PostEvents => caller.IsIngest,
            AccessRule.ReadAgent => caller.IsSupervisor && await SupervisesAgentAsync(caller, target.Id),
            AccessRule.ReadTeam or AccessRule.WatchTeam => caller.IsSupervisor && await SupervisesTeamAsync(caller, target.Id),
            AccessRule.ReadBranch => caller.IsSupervisor && caller.Branches.Contains(target.Id),
            AccessRule.ViewBranchBoards => (caller.IsDisplay && caller.Branches.Contains(target.Id))
                                           || (caller.IsSupervisor && await HasTeamInBranchAsync(caller, target.Id)),
            AccessRule.ViewCampaign => (caller.IsSupervisor || caller.IsDisplay) && await CampaignInScopeAsync(caller, target.Id),
            AccessRule.ListCampaigns => caller.IsSupervisor || caller.IsDisplay,
            AccessRule.ReadPushKey => true,
            AccessRule.SubscribePush => caller.IsSupervisor,
            _ => false,
        };
    }

    /// <summary>
    /// The indexes of the agents an ingest caller may not post for: agents of branches outside its <c>branch</c>
    /// claims (none claimed: every branch is in scope). Unknown agents are left to ingest's own 422.
    /// </summary>
    public async Task<IReadOnlyList<int>> OutOfScopeAgentsAsync(Caller caller, IReadOnlyList<string> agentIds)
    {
        if (caller.IsAdmin || caller.Branches.Count == 0) return [];
        // One look-up per distinct agent, all at once: a batch of 1,000 events must not wait on 2,000 calls in a row.
        var distinct = agentIds.Distinct(StringComparer.Ordinal).ToArray();
        var branches = await Task.WhenAll(distinct.Select(BranchOfAgentAsync));
        var branchOf = new Dictionary<string, string?>(distinct.Length, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) branchOf[distinct[i]] = branches[i];
        var refused = new List<int>();
        for (var i = 0; i < agentIds.Count; i++)
        {
            if (branchOf[agentIds[i]] is { } branch && !caller.Branches.Contains(branch)) refused.Add(i);
        }
        return refused;
    }

    private async Task<bool> SupervisesAgentAsync(Caller caller, string agentId) =>
        await grains.GetGrain<IAgentGrain>(agentId).GetInfo() is { } agent && await SupervisesTeamAsync(caller, agent.TeamId);

    private async Task<bool> SupervisesTeamAsync(Caller caller, string teamId)
    {
        if (caller.Teams.Contains(teamId)) return true;
        return await grains.GetGrain<ITeamGrain>(teamId).GetInfo() is { } team && Supervises(caller, team);
    }

    private static bool Supervises(Caller caller, TeamInfo team) => SupervisedTeams.Includes(team, caller.Subject, caller.Branches, caller.Teams);

    private async Task<bool> HasTeamInBranchAsync(Caller caller, string branchId)
    {
        if (caller.Branches.Contains(branchId)) return true;
        var teams = await grains.GetGrain<IBranchGrain>(branchId).GetTeams();
        return teams.Any(team => Supervises(caller, team));
    }

    /// <summary>
    /// A campaign is in scope when one of its participants is in the caller's scope or contains part of it: a
    /// branch taking part holds one of the caller's teams, a team or an agent taking part is supervised by the
    /// caller or lies in one of its branches.
    /// </summary>
    private async Task<bool> CampaignInScopeAsync(Caller caller, string campaignId)
    {
        if (await grains.GetGrain<ICampaignGrain>(campaignId).Get() is not { } campaign) return false;
        var participants = campaign.Participants;
        foreach (var branchId in participants.BranchIds)
        {
            if (caller.Branches.Contains(branchId)) return true;
            if (caller.IsSupervisor && await HasTeamInBranchAsync(caller, branchId)) return true;
        }
        foreach (var teamId in participants.TeamIds)
        {
            if (await TeamInScopeAsync(caller, teamId)) return true;
        }
        foreach (var agentId in participants.AgentIds)
        {
            if (await grains.GetGrain<IAgentGrain>(agentId).GetInfo() is { } agent && await TeamInScopeAsync(caller, agent.TeamId)) return true;
        }
        return false;
    }

    private async Task<bool> TeamInScopeAsync(Caller caller, string teamId)
    {
        if (caller.IsSupervisor && caller.Teams.Contains(teamId)) return true;
        if (await grains.GetGrain<ITeamGrain>(teamId).GetInfo() is not { } team) return false;
        return caller.Branches.Contains(team.BranchId) || (caller.IsSupervisor && Supervises(caller, team));
    }

    private async Task<string?> BranchOfAgentAsync(string agentId) =>
        await grains.GetGrain<IAgentGrain>(agentId).GetInfo() is { } agent && await grains.GetGrain<ITeamGrain>(agent.TeamId).GetInfo() is { } team
            ? team.BranchId
            : null;
}
