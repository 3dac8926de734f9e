using System.Text.Json;
using Tracking.Domain;
using static Tracking.Api.Validation.JsonFields;

namespace Tracking.Api.Validation;

/// <summary>Turns the body of <c>POST /api/v1/events</c> into domain events, or says exactly what is wrong.</summary>
public static class EventRequestParser
{
    public const int MaxEvents = 1000;

    /// <summary>How far in the future an occurrence time may lie (clock skew of the sending device).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<ActivityEvent> Parse(JsonElement root, DateTimeOffset now, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("events", "is required: an array of 1 to 1000 events.");
            return [];
        }
        var count = list.GetArrayLength();
        if (count is < 1 or > MaxEvents)
        {
            errors.Add("events", $"must hold 1 to {MaxEvents} events (got {count}).");
            return [];
        }

        var events = new List<ActivityEvent>(count);
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var parsed = ParseEvent(item, $"events[{index}]", now, errors);
            if (parsed is not null) events.Add(parsed);
            index++;
        }
        return events;
    }

    private static ActivityEvent? ParseEvent(JsonElement e, string path, DateTimeOffset now, ValidationErrors errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be an object.");
            return null;
        }
        var before = errors.Count;
        var eventId = ExternalId(e, "eventId", $"{path}.eventId", errors);
        var agentId = Id(e, "agentId", $"{path}.agentId", errors);
        var typeName = String(e, "type", $"{path}.type", errors);
        var occurredAt = Instant(e, "occurredAt", $"{path}.occurredAt", errors);
        if (occurredAt > now + FutureTolerance)
            errors.Add($"{path}.occurredAt", "lies more than 5 minutes in the future.");

        ActivityType? type = typeName switch
        {
            "call" => ActivityType.Call,
            "visit" => ActivityType.Visit,
            "policy" => ActivityType.Policy,
            "renewal" => ActivityType.Renewal,
            "cancellation" => ActivityType.Cancellation,
            null => null,
            _ => Unknown<ActivityType>(errors, $"{path}.type", $"'{typeName}' is not an event type (call, visit, policy, renewal, cancellation)."),
        };

        VisitDetails? visit = null;
        PolicyDetails? policy = null;
        RenewalDetails? renewal = null;
        CancellationDetails? cancellation = null;
        switch (type)
        {
            case ActivityType.Visit:
                visit = ParseVisit(e, $"{path}.visit", errors);
                break;
            case ActivityType.Policy when TryObject(e, "policy", $"{path}.policy", errors, out var p):
                var policyId = ExternalId(p, "policyId", $"{path}.policy.policyId", errors);
                var premium = Money(p, "premium", $"{path}.policy.premium", errors);
                if (policyId is not null && premium is { } pr) policy = new PolicyDetails(policyId, pr);
                break;
            case ActivityType.Renewal when TryObject(e, "renewal", $"{path}.renewal", errors, out var r):
                var renewedId = ExternalId(r, "policyId", $"{path}.renewal.policyId", errors);
                var amount = Money(r, "amount", $"{path}.renewal.amount", errors);
                var year = Integer(r, "policyYear", $"{path}.renewal.policyYear", errors, 1, 100);
                if (renewedId is not null && amount is { } a && year is { } y) renewal = new RenewalDetails(renewedId, a, y);
                break;
            case ActivityType.Cancellation when TryObject(e, "cancellation", $"{path}.cancellation", errors, out var c):
                var cancelledId = ExternalId(c, "policyId", $"{path}.cancellation.policyId", errors);
                if (cancelledId is not null) cancellation = new CancellationDetails(cancelledId);
                break;
        }

        if (errors.Count != before || type is null || eventId is null || agentId is null || occurredAt is null) return null;
        return new ActivityEvent(eventId, agentId, type.Value, occurredAt.Value, visit, policy, renewal, cancellation);
    }

    private static VisitDetails? ParseVisit(JsonElement e, string path, ValidationErrors errors)
    {
        if (!TryObject(e, "visit", path, errors, out var v)) return null;
        var kindName = String(v, "kind", $"{path}.kind", errors);
        VisitKind? kind = kindName switch
        {
            "collection" => VisitKind.Collection,
            "service" => VisitKind.Service,
            "sales" => VisitKind.Sales,
            null => null,
            _ => Unknown<VisitKind>(errors, $"{path}.kind", $"'{kindName}' is not a visit kind (collection, service, sales)."),
        };
        var proactive = Bool(v, "proactive", $"{path}.proactive", errors);
        var className = String(v, "customerClass", $"{path}.customerClass", errors);
        CustomerClass? customerClass = className switch
        {
            "A" => CustomerClass.A,
            "B" => CustomerClass.B,
            "C" => CustomerClass.C,
            null => null,
            _ => Unknown<CustomerClass>(errors, $"{path}.customerClass", $"'{className}' is not a customer class (A, B, C)."),
        };
        return kind is { } k && proactive is { } pro && customerClass is { } cls ? new VisitDetails(k, pro, cls) : null;
    }

    private static T? Unknown<T>(ValidationErrors errors, string path, string message) where T : struct
    {
        errors.Add(path, message);
        return null;
    }
}
