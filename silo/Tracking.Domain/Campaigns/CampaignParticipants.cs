namespace Tracking.Domain.Campaigns;

/// <summary>
/// Whose events a campaign counts: every agent of the listed branches, every agent of the listed teams,
/// and the listed agents. Judged with the team (and its branch) the agent was credited to when the
/// event occurred, so an agent who moves mid-campaign scores for the old team until the move.
/// </summary>
public sealed class CampaignParticipants
{
    private readonly HashSet<string> _branches;
    private readonly HashSet<string> _teams;
    private readonly HashSet<string> _agents;

    public CampaignParticipants(IEnumerable<string> branchIds, IEnumerable<string> teamIds, IEnumerable<string> agentIds)
    {
        BranchIds = Distinct(branchIds);
        TeamIds = Distinct(teamIds);
        AgentIds = Distinct(agentIds);
        _branches = new HashSet<string>(BranchIds, StringComparer.Ordinal);
        _teams = new HashSet<string>(TeamIds, StringComparer.Ordinal);
        _agents = new HashSet<string>(AgentIds, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> BranchIds { get; }

    public IReadOnlyList<string> TeamIds { get; }

    public IReadOnlyList<string> AgentIds { get; }

    public bool IsEmpty => BranchIds.Count == 0 && TeamIds.Count == 0 && AgentIds.Count == 0;

    public bool Includes(string agentId, string teamId, string branchId) =>
        _agents.Contains(agentId) || _teams.Contains(teamId) || _branches.Contains(branchId);

    public bool IncludesBranch(string branchId) => _branches.Contains(branchId);

    public bool IncludesTeam(string teamId) => _teams.Contains(teamId);

    public bool IncludesAgent(string agentId) => _agents.Contains(agentId);

    private static string[] Distinct(IEnumerable<string> ids) => ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
