using Tracking.Abstractions.Contracts;
using Tracking.Domain;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Agents;

/// <summary>
/// The agent's stored profile (<see cref="AgentProfileState"/>) with what follows from it: the clock of its
/// branch, the team it was in at any instant, the branches of its teams and their campaign lists.
/// </summary>
public sealed class AgentProfile(string agentId, IPersistentState<AgentProfileState> state)
{
    private readonly MembershipHistory _membership = new(state.State.Membership);

    /// <summary>Null for an agent the organisation does not know.</summary>
    public AgentInfo? Info => state.State.Info;

    public BranchClock Clock { get; private set; } = BranchClock.For(state.State.TimeZone);

    /// <summary>The team the agent was in at an instant (its current team before its first dated membership).</summary>
    public string TeamAt(DateTimeOffset instant) => _membership.TeamAt(instant) ?? Info!.TeamId;

    /// <summary>The team credited with what falls on a branch-local day without a time (a renewal item due then): the team at the day's end.</summary>
    public string TeamOnDay(DateOnly localDate) => TeamAt(Clock.StartOf(localDate.AddDays(1)).AddTicks(-1));

    public string? BranchOf(string teamId) => state.State.BranchOfTeam.GetValueOrDefault(teamId);

    /// <summary>Every branch of every team the agent has been in.</summary>
    public string[] Branches() => state.State.BranchOfTeam.Values.Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Joins, moves or deactivates the agent as of <see cref="AgentInfo.EffectiveFrom"/> in a branch of the given
    /// time zone, and stores it. Returns the agent as teams and branches list it, with every team it is or was in
    /// and their branches: all of them must hear of the change.
    /// </summary>
    public async Task<(MemberInfo Member, string[] Teams, string[] Branches)> UpsertAsync(AgentInfo info, TeamInfo team, string timeZone)
    {
        var stored = state.State;
        var previousTeams = stored.Membership.Select(m => m.TeamId).ToHashSet(StringComparer.Ordinal);

        _membership.Upsert(new MembershipChange(info.EffectiveFrom, info.TeamId, info.Active));
        stored.Membership = _membership.Changes.ToList();
        stored.BranchOfTeam[team.Id] = team.BranchId;
        stored.TimeZone = timeZone;
        // The stored record is the latest state: the change with the latest effective date.
        var latest = _membership.Latest!;
        stored.Info = info with { TeamId = latest.TeamId, Active = latest.Active, EffectiveFrom = latest.EffectiveFrom };
        await state.WriteStateAsync();
        Clock = BranchClock.For(stored.TimeZone);

        var member = new MemberInfo(agentId, info.Name, stored.Membership.ToArray(), info.NameHidden);
        var teams = stored.Membership.Select(m => m.TeamId).Concat(previousTeams).Distinct(StringComparer.Ordinal).ToArray();
        var branches = teams.Select(t => stored.BranchOfTeam[t]).Distinct(StringComparer.Ordinal).ToArray();
        return (member, teams, branches);
    }

    /// <summary>The campaigns a branch runs, as last learnt from it.</summary>
    public IReadOnlyList<CampaignRegistration> CampaignsOf(string branchId) =>
        state.State.Campaigns.TryGetValue(branchId, out var list) ? list.Campaigns : [];

    /// <summary>Keeps a branch's campaign list unless the one held is as new; stored so that replay tallies what live ingest tallied.</summary>
    public async Task StoreCampaignListAsync(string branchId, CampaignList list)
    {
        if (Info is null) return;
        if (state.State.Campaigns.TryGetValue(branchId, out var held) && held.Version >= list.Version) return;
        state.State.Campaigns[branchId] = list;
        await state.WriteStateAsync();
    }
}
