using Microsoft.Extensions.Logging;
using Tracking.Abstractions.Grains;
using Tracking.Domain.Renewals;

namespace Tracking.Grains.Teams;

/// <summary>
/// What a team's alert desk knows of its members' renewal items near their grace end: each active member's
/// open items within the renewalAtRisk horizon, as its agent grain last answered. Every member is read again
/// once a minute on the product clock in working time (nothing is raised outside it), and at once when the
/// branch-local day, the horizon or the members change; a single agent is read again at the next tick after it
/// says its items changed (an upload, a payment). Between reads the desk judges the kept items day by day, so an
/// item that lapses at midnight stops being at risk without asking anybody. Nothing is stored: a new activation
/// reads every member again.
/// </summary>
public sealed class RenewalWatch(IGrainFactory grains, ILogger logger)
{
    /// <summary>How often every member is read, so items that come within the horizon are seen without any change.</summary>
    public static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, IReadOnlyList<OpenRenewal>> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private DateOnly _readFor;
    private int _horizon = -1;
    private bool _readAllDue = true;

    /// <summary>Every item kept, of every member read.</summary>
    public IEnumerable<OpenRenewal> Items => _known.Values.SelectMany(items => items);

    /// <summary>Whether the agent's items have been read (since activation): only then can its alerts be judged.</summary>
    public bool Knows(string agentId) => _known.ContainsKey(agentId);

    /// <summary>Whether the next refresh reads anybody whatever the time: an agent said its items changed, or everybody is due.</summary>
    public bool HasPendingReads => _readAllDue || _changed.Count > 0;

    /// <summary>The agent said its items changed: read it at the next refresh.</summary>
    public void Changed(string agentId) => _changed.Add(agentId);

    /// <summary>Read every member at the next refresh (e.g. the members changed).</summary>
    public void ReadAllSoon() => _readAllDue = true;

    /// <summary>The rule is off: nothing is kept and nothing is read until it is on again.</summary>
    public void Stop()
    {
        _known.Clear();
        _changed.Clear();
        ReadAllSoon();
    }

    /// <summary>
    /// Reads whichever members are due (see the class; the minutely round only when <paramref name="periodic"/>) and
    /// forgets agents no longer among <paramref name="members"/>. Returns whether what is kept changed. An agent that
    /// cannot be read keeps what it had and is read at the next round of everybody.
    /// </summary>
    public async Task<bool> RefreshAsync(IReadOnlySet<string> members, DateOnly today, int horizon, DateTimeOffset now, bool periodic)
    {
        var changed = ForgetAllBut(members);
        var everybody = _readAllDue || (periodic && now - _readAt >= ReadEvery) || today != _readFor || horizon != _horizon;
        var due = everybody ? members.ToArray() : _changed.Where(members.Contains).ToArray();
        _changed.Clear();
        if (everybody) (_readAt, _readFor, _horizon, _readAllDue) = (now, today, horizon, false);
        if (due.Length == 0) return changed;

        var read = await Task.WhenAll(due.Select(id => ReadAsync(id, today, horizon)));
        foreach (var (agentId, items) in read)
        {
            if (items is null || (_known.TryGetValue(agentId, out var held) && held.SequenceEqual(items))) continue;
            _known[agentId] = items;
            changed = true;
        }
        return changed;
    }

    private bool ForgetAllBut(IReadOnlySet<string> members)
    {
        List<string>? gone = null;
        foreach (var agentId in _known.Keys)
        {
            if (!members.Contains(agentId)) (gone ??= []).Add(agentId);
        }
        gone?.ForEach(agentId => _known.Remove(agentId));
        return gone is not null;
    }

    private async Task<(string AgentId, IReadOnlyList<OpenRenewal>? Items)> ReadAsync(string agentId, DateOnly today, int horizon)
    {
        try
        {
            return (agentId, await grains.GetGrain<IAgentGrain>(agentId).GetRenewalsAtRisk(today, horizon));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The renewal items of agent {AgentId} could not be read; its renewalAtRisk alerts wait for the next read", agentId);
            return (agentId, null);
        }
    }
}
