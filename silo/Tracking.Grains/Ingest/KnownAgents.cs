namespace Tracking.Grains.Ingest;

/// <summary>
/// Agents an ingest coordinator has seen known to the organisation. An agent never becomes unknown again (its
/// profile is only ever updated), so a batch of a known agent without sales or cancellations cannot be refused:
/// it needs no check before the request's records, and its agent checks it once while recording.
/// </summary>
/// <remarks>Only a shortcut: forgetting costs one check, so the set is simply emptied when it grows large.</remarks>
public sealed class KnownAgents
{
    public const int Capacity = 100_000;

    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);

    public bool Contains(string agentId) => _agents.Contains(agentId);

    public void Add(string agentId)
    {
        if (_agents.Count >= Capacity) _agents.Clear();
        _agents.Add(agentId);
    }
}
