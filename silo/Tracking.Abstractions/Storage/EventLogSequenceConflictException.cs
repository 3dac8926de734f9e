namespace Tracking.Abstractions.Storage;

/// <summary>
/// An append said the agent's log ended at <see cref="ProvidedLastSequence"/>, but it ends at
/// <see cref="StoredLastSequence"/>: another writer appended for the agent (two activations), or the caller's
/// view is stale (e.g. an earlier append failed as unavailable after all of it had in fact been committed).
/// Nothing of this append was stored. The caller should re-read the log after its last sequence
/// (<c>ReadAsync</c>), apply what it finds, and append again (duplicates are recognised by event id).
/// </summary>
public sealed class EventLogSequenceConflictException(string agentId, long providedLastSequence, long storedLastSequence)
    : InvalidOperationException(
        $"Agent '{agentId}': the append expected the log to end at sequence {providedLastSequence}, but it ends at {storedLastSequence}.")
{
    public string AgentId { get; } = agentId;

    public long ProvidedLastSequence { get; } = providedLastSequence;

    public long StoredLastSequence { get; } = storedLastSequence;
}
