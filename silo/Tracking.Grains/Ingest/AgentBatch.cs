using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Ingest;

/// <summary>One agent's events of a request, in request order, with their positions in the request.</summary>
public sealed class AgentBatch(string agentId)
{
    public string AgentId { get; } = agentId;

    public List<ActivityEvent> Events { get; } = [];

    /// <summary>Where each of <see cref="Events"/> stands in the request.</summary>
    public List<int> Indexes { get; } = [];

    /// <summary>True when the batch holds a sale or a cancellation: the only events a policy rule can refuse.</summary>
    public bool HasPolicyEvents { get; private set; }

    /// <summary>The stamp of the agent's passed check of this batch; default when it was not checked before recording.</summary>
    public CheckStamp CheckedAt { get; set; }

    public void Add(ActivityEvent e, int index)
    {
        Events.Add(e);
        Indexes.Add(index);
        if (e.Type is ActivityType.Policy or ActivityType.Cancellation) HasPolicyEvents = true;
    }

    /// <summary>
    /// Groups a request's events by agent, in the order agents first appear. An event id met again within the
    /// request is a duplicate of the first: it is counted in <paramref name="duplicates"/> and left out.
    /// </summary>
    public static List<AgentBatch> Group(IReadOnlyList<ActivityEvent> events, out int duplicates)
    {
        var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
        var byAgent = new Dictionary<string, AgentBatch>(StringComparer.Ordinal);
        var batches = new List<AgentBatch>();
        duplicates = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!seen.Add(e.EventId))
            {
                duplicates++;
                continue;
            }
            if (!byAgent.TryGetValue(e.AgentId, out var batch))
            {
                byAgent[e.AgentId] = batch = new AgentBatch(e.AgentId);
                batches.Add(batch);
            }
            batch.Add(e, i);
        }
        return batches;
    }
}
