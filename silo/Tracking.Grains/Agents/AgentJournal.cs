using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Storage;
using Tracking.Domain;

namespace Tracking.Grains.Agents;

/// <summary>
/// The durable side of an agent: appends its events to the event log, reads back what the log holds beyond what
/// the agent applied (on activation, and after a failed append), and snapshots the agent's counters so that
/// activation replays only the log's tail. What the events mean is the caller's: it applies each one it is given.
/// </summary>
public sealed class AgentJournal(
    string agentId,
    IEventLog log,
    IPersistentState<AgentLedgerSnapshot> snapshot,
    LedgerOptions options,
    ILogger logger)
{
    private long _lastSequence;
    private int _sinceSnapshot;

    /// <summary>
    /// True after a failed append: its outcome may be unknown (a commit cut off mid-way), and a sequence conflict
    /// means the log holds more than was applied. The log must be read again before the next append.
    /// </summary>
    public bool IsBehind { get; private set; }

    /// <summary>Enough events were accepted since the last snapshot to write the next one.</summary>
    public bool SnapshotDue => _sinceSnapshot >= options.SnapshotEvery;

    /// <summary>The stored snapshot to start from; replay continues after its last sequence.</summary>
    public AgentLedgerSnapshot Restore()
    {
        _lastSequence = snapshot.State.LastSequence;
        return snapshot.State;
    }

    /// <summary>Applies what the log holds after the last applied sequence, in order; returns how many events that was.</summary>
    public async Task<int> ReplayAsync(Action<LoggedEvent> apply, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        await foreach (var logged in log.ReadAsync(agentId, _lastSequence, cancellationToken))
        {
            apply(logged);
            _lastSequence = logged.Sequence;
            replayed++;
        }
        _sinceSnapshot += replayed;
        return replayed;
    }

    /// <summary>
    /// Applies the logged events up to the restored snapshot's sequence again, for a part of the agent that the
    /// snapshot does not hold yet (it was written before that part existed). Returns how many events that was.
    /// </summary>
    public async Task<int> RereadSnapshottedAsync(Action<LoggedEvent> apply, CancellationToken cancellationToken = default)
    {
        var reread = 0;
        var upTo = snapshot.State.LastSequence;
        await foreach (var logged in log.ReadAsync(agentId, 0, cancellationToken))
        {
            if (logged.Sequence > upTo) break;
            apply(logged);
            reread++;
        }
        return reread;
    }

    /// <summary>Every event of the log up to the last one applied, in order (what a campaign set up late counts again).</summary>
    public async Task<List<LoggedEvent>> ReadAppliedAsync()
    {
        var applied = new List<LoggedEvent>();
        await foreach (var logged in log.ReadAsync(agentId, 0))
        {
            if (logged.Sequence > _lastSequence) break;
            applied.Add(logged);
        }
        return applied;
    }

    /// <summary>After a failed append: takes in whatever of it (or of another writer) the log did store.</summary>
    /// <exception cref="EventLogUnavailableException">The log could not be read; the journal stays behind.</exception>
    public async Task CatchUpAsync(Action<LoggedEvent> apply)
    {
        try
        {
            await ReplayAsync(apply);
            IsBehind = false;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Catching up with the log of agent {AgentId} failed: {Message}", agentId, ex.Message);
            if (ex is EventLogUnavailableException) throw;
            throw new EventLogUnavailableException($"The event log could not be read: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>Durably appends a batch after the last applied sequence; the caller applies the events the answer accepts.</summary>
    /// <exception cref="EventLogUnavailableException">
    /// The store failed or the log did not end where expected: assume nothing was stored. The journal is then
    /// behind and must <see cref="CatchUpAsync"/> before the next append.
    /// </exception>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<ActivityEvent> events)
    {
        try
        {
            var appended = await log.AppendAsync(agentId, _lastSequence, events);
            _lastSequence = appended.LastSequence;
            _sinceSnapshot += appended.AcceptedCount;
            return appended;
        }
        catch (Exception ex) when (ex is EventLogUnavailableException or EventLogSequenceConflictException)
        {
            IsBehind = true;
            logger.LogWarning("Append for agent {AgentId} failed: {Message}", agentId, ex.Message);
            throw ex as EventLogUnavailableException ?? new EventLogUnavailableException(ex.Message, ex) { RetryAfter = TimeSpan.FromSeconds(1) };
        }
    }

    /// <summary>Whether deactivation should save a snapshot: an in-memory store is going away with the process, saving to it on shutdown would be wasted.</summary>
    public bool SnapshotOnDeactivation(DeactivationReason reason) =>
        _sinceSnapshot > 0 && (log.IsDurable || reason.ReasonCode != DeactivationReasonCode.ShuttingDown);

    /// <summary>
    /// Saves the counters (filled in by <paramref name="fill"/>) so that activation replays only what came after.
    /// A failed write loses nothing (the log holds every event); the next one is simply attempted later.
    /// </summary>
    public async Task WriteSnapshotAsync(Action<AgentLedgerSnapshot> fill)
    {
        snapshot.State.LastSequence = _lastSequence;
        fill(snapshot.State);
        try
        {
            await snapshot.WriteStateAsync();
            _sinceSnapshot = 0;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Snapshot of agent {AgentId} at sequence {Sequence} failed; will retry", agentId, _lastSequence);
        }
    }
}
