using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using System.Runtime.CompilerServices;
using Tracking.Abstractions.Storage;
using Tracking.Domain;

namespace Tracking.Grains.Storage;

/// <summary>
/// The embedded default's event log: one per process, nothing survives a restart. Valid only for a
/// single-node cluster, since it is the process-wide registry of event ids that makes ingest idempotent.
/// </summary>
public sealed class InMemoryEventLog([FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time) : IEventLog
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LoggedEvent>> _byAgent = new(StringComparer.Ordinal);

    public bool IsDurable => false;

    public Task<AppendResult> AppendAsync(string agentId, long lastSequence, IReadOnlyList<ActivityEvent> events, CancellationToken cancellationToken = default)
    {
        var accepted = new bool[events.Count];
        var recordedAt = time.GetUtcNow();
        lock (_gate)
        {
            if (!_byAgent.TryGetValue(agentId, out var log)) _byAgent[agentId] = log = [];
            var stored = log.Count > 0 ? log[^1].Sequence : 0;
            if (stored != lastSequence) throw new EventLogSequenceConflictException(agentId, lastSequence, stored);
            for (var i = 0; i < events.Count; i++)
            {
                if (!_eventIds.Add(events[i].EventId)) continue;
                accepted[i] = true;
                log.Add(new LoggedEvent(++lastSequence, events[i], recordedAt));
            }
        }
        return Task.FromResult(new AppendResult(accepted, lastSequence));
    }

    public async IAsyncEnumerable<LoggedEvent> ReadAsync(string agentId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LoggedEvent[] snapshot;
        lock (_gate)
        {
            snapshot = _byAgent.TryGetValue(agentId, out var log) ? log.Where(e => e.Sequence > afterSequence).ToArray() : [];
        }
        foreach (var e in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }
        await Task.CompletedTask;
    }
}
