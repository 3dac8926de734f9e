using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// Joining, moving and deactivating agents: each agent grain stores its own record, then every team and branch
/// concerned (old and new) learns all of its members' new records in one message, so an import of a thousand agents
/// costs each team and branch one write rather than one per agent.
/// </summary>
public static class AgentUpserts
{
    /// <summary>Agent grains upserted at once; one agent's changes always go in the order given.</summary>
    public const int AgentsInFlight = 16;

    /// <summary>Upserts one agent (as of its <see cref="AgentInfo.EffectiveFrom"/>) and tells its teams and branches.</summary>
    public static Task UpsertAgentAsync(this IGrainFactory grains, AgentInfo agent, TeamInfo team) =>
        grains.UpsertAgentsAsync([agent], new Dictionary<string, TeamInfo>(StringComparer.Ordinal) { [team.Id] = team });

    /// <summary>
    /// Upserts the agents (an agent may be listed once per effective date: its entries are applied in order), then
    /// tells every team and branch concerned. <paramref name="teamsById"/> holds the team of every entry.
    /// </summary>
    public static async Task UpsertAgentsAsync(this IGrainFactory grains, IReadOnlyList<AgentInfo> agents, IReadOnlyDictionary<string, TeamInfo> teamsById)
    {
        var byAgent = agents.GroupBy(a => a.Id, StringComparer.Ordinal).ToArray();
        var routings = new MemberRouting[byAgent.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, byAgent.Length), new ParallelOptions { MaxDegreeOfParallelism = AgentsInFlight },
            async (i, _) =>
            {
                var agent = grains.GetGrain<IAgentGrain>(byAgent[i].Key);
                var teamsToTell = new HashSet<string>(StringComparer.Ordinal);
                var branchesToTell = new HashSet<string>(StringComparer.Ordinal);
                MemberRouting? routing = null;
                foreach (var change in byAgent[i])
                {
                    routing = await agent.Upsert(change, teamsById[change.TeamId]);
                    teamsToTell.UnionWith(routing.Teams);
                    branchesToTell.UnionWith(routing.Branches);
                }
                routings[i] = routing! with { Teams = [.. teamsToTell], Branches = [.. branchesToTell] };
            });

        await Task.WhenAll(MembersBy(routings, r => r.Teams).Select(t => grains.GetGrain<ITeamGrain>(t.Key).UpsertMembers(t.Value)));
        await Task.WhenAll(MembersBy(routings, r => r.Branches).Select(b => grains.GetGrain<IBranchGrain>(b.Key).UpsertMembers(b.Value)));
    }

    private static Dictionary<string, List<MemberInfo>> MembersBy(IEnumerable<MemberRouting> routings, Func<MemberRouting, IReadOnlyList<string>> keys)
    {
        var members = new Dictionary<string, List<MemberInfo>>(StringComparer.Ordinal);
        foreach (var routing in routings)
        {
            foreach (var key in keys(routing))
            {
                if (!members.TryGetValue(key, out var list)) members[key] = list = [];
                list.Add(routing.Member);
            }
        }
        return members;
    }
}
