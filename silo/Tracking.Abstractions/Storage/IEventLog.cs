using Tracking.Domain;

namespace Tracking.Abstractions.Storage;

/// <summary>An event as the log holds it: its per-agent sequence and when the log accepted it.</summary>
public sealed record LoggedEvent(long Sequence, ActivityEvent Event, DateTimeOffset RecordedAt);

/// <summary>What an append did with each event of the batch, in batch order.</summary>
public sealed record AppendResult(IReadOnlyList<bool> Accepted, long LastSequence)
{
    public int AcceptedCount => Accepted.Count(a => a);

    public int DuplicateCount => Accepted.Count(a => !a);
}

/// <summary>
/// The event log: the truth from which all grain state is rebuilt (docs/design.md, principle 1).
/// One writer per agent: only the agent's grain appends its events, one append at a time.
/// </summary>
public interface IEventLog
{
    /// <summary>True when appends are durable (a database), false for the embedded in-memory log.</summary>
    bool IsDurable { get; }

    /// <summary>
    /// Appends one agent's events and completes only once they are durably committed. An event whose
    /// <c>EventId</c> the log already holds (for any agent) is not stored again and comes back as
    /// not accepted. Accepted events get the agent's next sequence numbers after
    /// <paramref name="lastSequence"/>, in batch order.
    /// </summary>
    /// <exception cref="EventLogUnavailableException">
    /// The store cannot be reached. Usually nothing was stored, but when the connection broke during the
    /// commit the outcome is unknown: the caller must re-read the log before its next append.
    /// </exception>
    /// <exception cref="EventLogSequenceConflictException">
    /// The log does not end at <paramref name="lastSequence"/>; nothing was stored. Re-read, then append again.
    /// </exception>
    Task<AppendResult> AppendAsync(string agentId, long lastSequence, IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The agent's events with a sequence above <paramref name="afterSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<LoggedEvent> ReadAsync(string agentId, long afterSequence, CancellationToken cancellationToken = default);
}

/// <summary>The store behind the event log is down or timed out; the caller should retry later.</summary>
public sealed class EventLogUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The suggested wait before a retry.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
