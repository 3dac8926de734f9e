using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Agents;

/// <summary>
/// The agent's counters per branch-local day and team (its <see cref="AgentLedger"/>) and the policy rules its
/// next events are checked against. A cache of the event log: rebuilt by applying the log's events in order.
/// </summary>
public sealed class AgentBook(int maxAgeDays)
{
    /// <summary>Tells this activation's stamps from those of an earlier one, whose policy versions counted from zero too.</summary>
    private readonly Guid _activation = Guid.NewGuid();
    private long _policyVersion;
    private DateOnly _newestDay;

    /// <summary>Keeps every day an event may still arrive for (<c>Ingest:MaxAgeDays</c>) and the periods containing it.</summary>
    public AgentLedger Ledger { get; } = new(AgentLedger.RetentionFor(maxAgeDays));

    /// <summary>The state of the policies right now: every sale or cancellation applied changes it.</summary>
    public CheckStamp Stamp => new(_activation, _policyVersion);

    public void Restore(AgentLedgerSnapshot snapshot)
    {
        Ledger.Restore(snapshot.Buckets, snapshot.Policies);
        _newestDay = snapshot.Buckets.Select(b => b.Day).DefaultIfEmpty().Max();
        _policyVersion++;
    }

    /// <summary>Copies of the counters and policies into a snapshot: the live ones keep changing after it is written, the snapshot must not.</summary>
    public void CopyTo(AgentLedgerSnapshot snapshot)
    {
        snapshot.Buckets = Ledger.Buckets.Select(b => b with { Totals = b.Totals.Clone() }).ToList();
        snapshot.Policies = Ledger.Policies.Values.ToList();
    }

    /// <summary>
    /// The policy rules a batch breaks (a policy sold twice, a cancellation of a policy not open), as errors at the
    /// offending events' positions in the batch; empty when it breaks none.
    /// </summary>
    public IReadOnlyList<EventError> Check(IReadOnlyList<ActivityEvent> events)
    {
        var violations = Ledger.CheckPolicies(events);
        if (violations.Count == 0) return [];
        var errors = new EventError[violations.Count];
        for (var i = 0; i < errors.Length; i++)
        {
            var (index, reason) = violations[i];
            errors[i] = new EventError(index, FieldOf(events[index]), reason);
        }
        return errors;
    }

    /// <summary>
    /// Applies an accepted event to its local day, credited to <paramref name="teamId"/>; false, changing nothing,
    /// for a cancellation of a policy that is not open (see <see cref="AgentLedger.Apply"/>).
    /// </summary>
    public bool Apply(ActivityEvent e, DateOnly day, string teamId, long arrival)
    {
        var applied = Ledger.Apply(e, day, teamId, arrival);
        if (applied && e.Type is ActivityType.Policy or ActivityType.Cancellation) _policyVersion++;
        if (day > _newestDay)
        {
            _newestDay = day;
            Ledger.Prune(day);
        }
        return applied;
    }

    /// <summary>Arrival order across agents: the log's acceptance time in microseconds, then position.</summary>
    public static long ArrivalOf(DateTimeOffset recordedAt, long position) =>
        (recordedAt - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond * 1000 + position % 1000;

    /// <summary>The request field a rule violation is reported at.</summary>
    private static string FieldOf(ActivityEvent e) => e.Type switch
    {
        ActivityType.Cancellation => "cancellation.policyId",
        ActivityType.Policy => "policy.policyId",
        _ => "eventId",
    };
}
