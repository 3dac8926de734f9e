using Tracking.Domain.Renewals;

namespace Tracking.Grains.Agents;

/// <summary>
/// The due items uploaded for an agent's policies (the agent grain's <c>agentRenewals</c> state). What was
/// collected on them is not stored here: it follows from the agent's <c>renewal</c> events.
/// </summary>
[GenerateSerializer, Alias("tracking.agent-renewals-state")]
public sealed class AgentRenewalsState
{
    [Id(0)] public List<RenewalDue> Items { get; set; } = [];
}
