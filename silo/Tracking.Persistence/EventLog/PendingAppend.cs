using Stopwatch = System.Diagnostics.Stopwatch;
using Tracking.Abstractions.Storage;
using Tracking.Domain;

namespace Tracking.Persistence.EventLog;

/// <summary>One caller's append, validated and encoded, waiting in the event log's queue for a group commit.</summary>
internal sealed class PendingAppend(
    string agentId, long lastSequence, IReadOnlyList<ActivityEvent> events, byte[][] payloads, long deadline, CancellationToken callerToken)
{
    public string AgentId { get; } = agentId;

    public long LastSequence { get; } = lastSequence;

    public IReadOnlyList<ActivityEvent> Events { get; } = events;

    /// <summary>Per event, its payload column as UTF-8 JSON (<see cref="ActivityEventPayload.EncodeUtf8"/>).</summary>
    public byte[][] Payloads { get; } = payloads;

    public CancellationToken CallerToken { get; } = callerToken;

    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Remaining => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
}
