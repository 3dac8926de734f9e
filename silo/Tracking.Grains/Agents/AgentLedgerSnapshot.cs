using Tracking.Domain;
using Tracking.Domain.Campaigns;
using Tracking.Domain.Renewals;

namespace Tracking.Grains.Agents;

/// <summary>A snapshot of an agent's ledger: replay of the log after <see cref="LastSequence"/> completes it.</summary>
[GenerateSerializer, Alias("tracking.agent-ledger-snapshot")]
public sealed class AgentLedgerSnapshot
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public List<LedgerBucket> Buckets { get; set; } = [];
    [Id(2)] public List<PolicyRecord> Policies { get; set; } = [];
    [Id(3)] public List<CampaignTally> CampaignTallies { get; set; } = [];
    /// <summary>The money of the agent's renewal events, policy by policy in the order received, for matching with due items.</summary>
    [Id(4)] public List<RenewalPayment> RenewalPayments { get; set; } = [];
    /// <summary>False in a snapshot written before renewal payments were kept: those up to <see cref="LastSequence"/> must be read from the log.</summary>
    [Id(5)] public bool KeepsRenewalPayments { get; set; }
}
