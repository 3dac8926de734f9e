using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Tracking.Clients.Common.Workload;

public enum EventType { Call, Visit, Policy, Renewal, Cancellation }

public enum VisitKind { Collection, Service, Sales }

/// <summary>The API's metrics (docs/api.md), in a fixed order.</summary>
public enum Metric { Calls, Visits, CollectionVisits, ServiceVisits, SalesVisits, ProactiveVisits, AClassSalesVisits, Policies, Fyp, RenewalCollected }

public static class Metrics
{
    public static readonly Metric[] All = Enum.GetValues<Metric>();

    public static string Name(this Metric metric) => metric switch
    {
        Metric.Calls => "calls",
        Metric.Visits => "visits",
        Metric.CollectionVisits => "collectionVisits",
        Metric.ServiceVisits => "serviceVisits",
        Metric.SalesVisits => "salesVisits",
        Metric.ProactiveVisits => "proactiveVisits",
        Metric.AClassSalesVisits => "aClassSalesVisits",
        Metric.Policies => "policies",
        Metric.Fyp => "fyp",
        _ => "renewalCollected",
    };
}

/// <summary>
/// One activity event as an integration posts it. <see cref="Amount"/> is the premium of a policy, the amount of
/// a renewal, and for a cancellation the premium of the cancelled policy (not sent: the server knows it; the
/// baselines of the comparison benchmark use it to subtract).
/// </summary>
public sealed record SimEvent(
    string EventId,
    string AgentId,
    EventType Type,
    DateTimeOffset OccurredAt,
    VisitKind Kind = default,
    bool Proactive = false,
    char CustomerClass = 'C',
    string? PolicyId = null,
    decimal Amount = 0m,
    int PolicyYear = 0)
{
    public string TypeName => Type switch
    {
        EventType.Call => "call",
        EventType.Visit => "visit",
        EventType.Policy => "policy",
        EventType.Renewal => "renewal",
        _ => "cancellation",
    };

    public static string KindName(VisitKind kind) => kind switch
    {
        VisitKind.Collection => "collection",
        VisitKind.Service => "service",
        _ => "sales",
    };

    /// <summary>What the event adds to each metric it touches (a cancellation subtracts).</summary>
    public void Contribute(Action<Metric, decimal> add)
    {
        switch (Type)
        {
            case EventType.Call:
                add(Metric.Calls, 1);
                break;
            case EventType.Visit:
                add(Metric.Visits, 1);
                add(Kind switch { VisitKind.Collection => Metric.CollectionVisits, VisitKind.Service => Metric.ServiceVisits, _ => Metric.SalesVisits }, 1);
                if (Proactive) add(Metric.ProactiveVisits, 1);
                if (Kind == VisitKind.Sales && CustomerClass == 'A') add(Metric.AClassSalesVisits, 1);
                break;
            case EventType.Policy:
                add(Metric.Policies, 1);
                add(Metric.Fyp, Amount);
                break;
            case EventType.Renewal:
                add(Metric.RenewalCollected, Amount);
                if (PolicyYear == 1) add(Metric.Fyp, Amount);
                break;
            case EventType.Cancellation:
                add(Metric.Policies, -1);
                add(Metric.Fyp, -Amount);
                break;
        }
    }

    /// <summary>Writes the event as the contract's JSON object.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("eventId", EventId);
        json.WriteString("agentId", AgentId);
        json.WriteString("type", TypeName);
        json.WriteString("occurredAt", OccurredAt);
        switch (Type)
        {
            case EventType.Visit:
                json.WriteStartObject("visit");
                json.WriteString("kind", KindName(Kind));
                json.WriteBoolean("proactive", Proactive);
                json.WriteString("customerClass", CustomerClass.ToString());
                json.WriteEndObject();
                break;
            case EventType.Policy:
                json.WriteStartObject("policy");
                json.WriteString("policyId", PolicyId);
                json.WriteNumber("premium", Amount);
                json.WriteEndObject();
                break;
            case EventType.Renewal:
                json.WriteStartObject("renewal");
                json.WriteString("policyId", PolicyId);
                json.WriteNumber("amount", Amount);
                json.WriteNumber("policyYear", PolicyYear);
                json.WriteEndObject();
                break;
            case EventType.Cancellation:
                json.WriteStartObject("cancellation");
                json.WriteString("policyId", PolicyId);
                json.WriteEndObject();
                break;
        }
        json.WriteEndObject();
    }

    /// <summary>The body of <c>POST /api/v1/events</c> for a batch.</summary>
    public static void WriteBatch(IBufferWriter<byte> buffer, IReadOnlyList<SimEvent> events)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteStartArray("events");
        foreach (var e in events) e.WriteTo(json);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One line for a person: "sales visit (proactive, class A)", "sold policy P-1 for 12,000.00".</summary>
    public string Describe() => Type switch
    {
        EventType.Call => "phone call",
        EventType.Visit => $"{KindName(Kind)} visit ({(Proactive ? "proactive" : "responsive")}, class {CustomerClass})",
        EventType.Policy => $"sold policy {PolicyId}, premium {Amount.ToString("N2", CultureInfo.InvariantCulture)}",
        EventType.Renewal => $"collected renewal of {PolicyId} (policy year {PolicyYear}), {Amount.ToString("N2", CultureInfo.InvariantCulture)}",
        _ => $"cancelled policy {PolicyId} (−{Amount.ToString("N2", CultureInfo.InvariantCulture)})",
    };
}
