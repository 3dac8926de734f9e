namespace Tracking.Grains.Agents;

/// <summary>Settings of the agents' ledgers (configuration section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary>Accepted events between two snapshots of an agent's ledger: bounds what activation replays.</summary>
    public int SnapshotEvery { get; set; } = 500;
}
