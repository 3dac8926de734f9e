using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Agents;

/// <summary>Who an agent is and where it belongs (the agent grain's <c>agent</c> state).</summary>
[GenerateSerializer, Alias("tracking.agent-profile-state")]
public sealed class AgentProfileState
{
    [Id(0)] public AgentInfo? Info { get; set; }
    [Id(1)] public List<MembershipChange> Membership { get; set; } = [];
    /// <summary>The branch of every team the agent has been in, so reports reach the right branches.</summary>
    [Id(2)] public Dictionary<string, string> BranchOfTeam { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public string TimeZone { get; set; } = "UTC";
    /// <summary>The campaigns of each branch the agent belongs to, kept so that replay tallies exactly what was tallied live.</summary>
    [Id(4)] public Dictionary<string, CampaignList> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
