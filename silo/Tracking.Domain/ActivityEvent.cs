namespace Tracking.Domain;

public enum ActivityType { Call, Visit, Policy, Renewal, Cancellation }

public enum VisitKind { Collection, Service, Sales }

public enum CustomerClass { A, B, C }

public sealed record VisitDetails(VisitKind Kind, bool Proactive, CustomerClass CustomerClass);

public sealed record PolicyDetails(string PolicyId, decimal Premium);

public sealed record RenewalDetails(string PolicyId, decimal Amount, int PolicyYear);

public sealed record CancellationDetails(string PolicyId);

/// <summary>
/// Something an agent did, as an integration reported it. Exactly one of the detail records is set,
/// the one matching <see cref="Type"/> (calls carry none).
/// </summary>
public sealed record ActivityEvent(
    string EventId,
    string AgentId,
    ActivityType Type,
    DateTimeOffset OccurredAt,
    VisitDetails? Visit = null,
    PolicyDetails? Policy = null,
    RenewalDetails? Renewal = null,
    CancellationDetails? Cancellation = null);
