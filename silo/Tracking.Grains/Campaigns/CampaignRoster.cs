using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Domain;
using Tracking.Domain.Campaigns;

namespace Tracking.Grains.Campaigns;

/// <summary>
/// Who a campaign lists and asks: the participants of its unit (listed even before they score), their
/// names, the agents whose tallies it collects, and the branches it registers with (every branch that
/// holds a participant).
/// </summary>
public sealed class CampaignRoster
{
    private readonly Dictionary<string, string> _names;
    private readonly HashSet<string> _entries;
    private readonly HashSet<string> _namesHidden;

    private CampaignRoster(IReadOnlyList<string> entryIds, Dictionary<string, string> names, HashSet<string> namesHidden,
        IReadOnlyList<string> agentIds, IReadOnlyList<string> branchIds)
    {
        EntryIds = entryIds;
        _entries = new HashSet<string>(entryIds, StringComparer.Ordinal);
        _names = names;
        _namesHidden = namesHidden;
        AgentIds = agentIds;
        BranchIds = branchIds;
    }

    public static CampaignRoster Empty { get; } = new([], new Dictionary<string, string>(), [], [], []);

    /// <summary>The unit's participants as of the roster's time: agents, teams or branches.</summary>
    public IReadOnlyList<string> EntryIds { get; }

    /// <summary>Every agent of the involved branches: whose tallies to collect when healing.</summary>
    public IReadOnlyList<string> AgentIds { get; }

    public IReadOnlyList<string> BranchIds { get; }

    public bool Lists(string id) => _entries.Contains(id);

    /// <summary>True when a tally credits a participant this roster does not list (one who joined since it was built).</summary>
    public bool Lacks(CampaignRules rules, CampaignTallyReport report) => report.Credits.Any(c =>
        rules.Participants.Includes(report.AgentId, c.TeamId, c.BranchId)
        && !Lists(rules.Unit switch { CampaignUnit.Agent => report.AgentId, CampaignUnit.Team => c.TeamId, _ => c.BranchId }));

    /// <summary>A participant's name; an id from outside the roster (a team of another branch) shows as itself.</summary>
    public string NameOf(string id) => _names.GetValueOrDefault(id, id);

    /// <summary>Whether a participant is an agent whose name must not reach display screens.</summary>
    public bool IsNameHidden(string id) => _namesHidden.Contains(id);

    /// <summary>Takes in an agent's new name and display opt-out (a roster of agents); true when the roster knew the agent.</summary>
    public bool Rename(MemberInfo member)
    {
        if (!_names.ContainsKey(member.AgentId)) return false;
        _names[member.AgentId] = member.Name;
        if (member.NameHidden) _namesHidden.Add(member.AgentId);
        else _namesHidden.Remove(member.AgentId);
        return true;
    }

    /// <summary>The roster built anew, or <paramref name="last"/> (logged) when it cannot be: a running campaign goes on with what it has.</summary>
    public static async Task<CampaignRoster> ReloadAsync(IGrainFactory grains, string campaignId, CampaignRules rules, DateTimeOffset now,
        CampaignRoster last, ILogger logger)
    {
        try
        {
            var (roster, unknown) = await BuildAsync(grains, rules, now);
            if (roster is not null) return roster;
            logger.LogWarning("Campaign {CampaignId}: participants no longer known: {Unknown}", campaignId, string.Join("; ", unknown.Select(u => u.Message)));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Campaign {CampaignId}: the roster could not be loaded; the last one stands", campaignId);
        }
        return last;
    }

    /// <summary>
    /// Builds the roster from the branches involved. Returns the participants that do not exist instead
    /// (nothing is registered then).
    /// </summary>
    public static async Task<(CampaignRoster? Roster, IReadOnlyList<CampaignFieldError> Unknown)> BuildAsync(
        IGrainFactory grains, CampaignRules rules, DateTimeOffset now)
    {
        var participants = rules.Participants;
        var unknown = new List<CampaignFieldError>();
        var branchIds = new List<string>();
        void Involve(string branchId)
        {
            if (!branchIds.Contains(branchId)) branchIds.Add(branchId);
        }

        foreach (var branchId in participants.BranchIds)
        {
            if (await grains.GetGrain<IBranchGrain>(branchId).GetInfo() is null) unknown.Add(new("participants.branchIds", $"Branch '{branchId}' is not known."));
            else Involve(branchId);
        }
        foreach (var teamId in participants.TeamIds)
        {
            if (await grains.GetGrain<ITeamGrain>(teamId).GetInfo() is { } team) Involve(team.BranchId);
            else unknown.Add(new("participants.teamIds", $"Team '{teamId}' is not known."));
        }
        foreach (var agentId in participants.AgentIds)
        {
            if (await grains.GetGrain<IAgentGrain>(agentId).GetInfo() is { } agent && await grains.GetGrain<ITeamGrain>(agent.TeamId).GetInfo() is { } team)
                Involve(team.BranchId);
            else unknown.Add(new("participants.agentIds", $"Agent '{agentId}' is not known."));
        }
        if (unknown.Count > 0) return (null, unknown);

        var rosters = (await Task.WhenAll(branchIds.Select(b => grains.GetGrain<IBranchGrain>(b).GetRoster()))).OfType<BranchRoster>().ToArray();
        var branchOfTeam = rosters.SelectMany(r => r.Teams).ToDictionary(t => t.Id, t => t.BranchId, StringComparer.Ordinal);
        var members = rosters.SelectMany(r => r.Members).DistinctBy(m => m.AgentId).ToArray();

        // Where each agent is now: the team it is credited to, and whether it is active.
        var whereNow = members.Select(m => (Member: m, History: new MembershipHistory(m.Membership))).Select(m =>
        {
            var teamId = m.History.TeamAt(now);
            var branchId = teamId is null ? null : branchOfTeam.GetValueOrDefault(teamId);
            return (m.Member, TeamId: teamId, BranchId: branchId, Active: m.History.IsActiveAt(now));
        }).ToArray();
        var taking = whereNow.Where(a => a.Active && a.TeamId is not null && a.BranchId is not null && participants.Includes(a.Member.AgentId, a.TeamId, a.BranchId)).ToArray();

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var namesHidden = new HashSet<string>(StringComparer.Ordinal);
        List<string> entries;
        switch (rules.Unit)
        {
            case CampaignUnit.Agent:
                foreach (var member in members)
                {
                    names[member.AgentId] = member.Name;
                    if (member.NameHidden) namesHidden.Add(member.AgentId);
                }
                entries = taking.Select(a => a.Member.AgentId).ToList();
                break;
            case CampaignUnit.Team:
                foreach (var team in rosters.SelectMany(r => r.Teams)) names[team.Id] = team.Name;
                var listedAgentsTeams = taking.Where(a => participants.IncludesAgent(a.Member.AgentId)).Select(a => a.TeamId!).ToHashSet(StringComparer.Ordinal);
                entries = rosters.SelectMany(r => r.Teams)
                    .Where(t => participants.IncludesBranch(t.BranchId) || participants.IncludesTeam(t.Id) || listedAgentsTeams.Contains(t.Id))
                    .Select(t => t.Id).ToList();
                break;
            default:
                foreach (var branch in rosters) names[branch.Info.Id] = branch.Info.Name;
                entries = rosters.Select(r => r.Info.Id).ToList();
                break;
        }
        var roster = new CampaignRoster(entries.Distinct(StringComparer.Ordinal).ToArray(), names, namesHidden,
            members.Select(m => m.AgentId).ToArray(), branchIds.ToArray());
        return (roster, []);
    }
}
