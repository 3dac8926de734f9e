namespace Tracking.Persistence.EventLog;

/// <summary>
/// The last stored sequence of the agents this process has appended for, so that a group commit need not read
/// it back from the table for every agent every time. Used by the single writer loop only (not thread-safe).
/// </summary>
/// <remarks>
/// A value is only ever one the database has confirmed: read from the table, or the end of a committed append.
/// Rows are never deleted, so a cached value can be behind the table (another process appended for the agent
/// since), never ahead of it. Behind is caught by the unique (agent_id, seq) constraint: the append collides,
/// is rolled back, and the writer reads the table again. Ahead, which would leave a gap, cannot happen.
/// An append whose <c>lastSequence</c> differs from the cached value is checked against the table, not refused.
/// </remarks>
internal sealed class LastSequenceCache(int capacity)
{
    private readonly Dictionary<string, long> _lastSequences = new(StringComparer.Ordinal);

    public int Count => _lastSequences.Count;

    public bool TryGet(string agentId, out long lastSequence) => _lastSequences.TryGetValue(agentId, out lastSequence);

    /// <summary>Records what a committed group commit left as each agent's last sequence.</summary>
    public void Confirm(IReadOnlyDictionary<string, long> lastSequences)
    {
        if (capacity == 0)
        {
            return;
        }

        // A bound on memory: past it, start afresh (each agent then costs one read of the table again).
        if (_lastSequences.Count + lastSequences.Count > capacity)
        {
            _lastSequences.Clear();
        }

        foreach (var (agentId, lastSequence) in lastSequences)
        {
            _lastSequences[agentId] = lastSequence;
        }
    }

    /// <summary>Forgets agents whose append ended in doubt (it may or may not have committed): read them again.</summary>
    public void Forget(IEnumerable<string> agentIds)
    {
        foreach (var agentId in agentIds)
        {
            _lastSequences.Remove(agentId);
        }
    }
}
