using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Tracking.Abstractions;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Contracts.Requests;
using Tracking.Domain;
using static Tracking.Api.Validation.Fields;

namespace Tracking.Api.Validation;

/// <summary>Checks the body of <c>POST /api/v1/events</c> and turns it into domain events, in request order.</summary>
public sealed class EventsRequestValidator(
    [FromKeyedServices(TrackingTime.ServiceKey)] TimeProvider time,
    IOptions<IngestOptions> ingest)
    : IRequestValidator<EventsRequest, IReadOnlyList<ActivityEvent>>
{
    private readonly int _maxAgeDays = ingest.Value.MaxAgeDays;

    /// <summary>How far in the future an occurrence time may lie (clock skew of the sending device).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public JsonTypeInfo<EventsRequest> JsonType => RequestJsonContext.Default.EventsRequest;

    public (string Path, string Message) ShapeError { get; } = ("events", $"is required: an array of 1 to {EventsRequest.MaxEvents} events.");

    public IReadOnlyList<ActivityEvent>? Validate(EventsRequest request, ValidationErrors errors)
    {
        if (request.Events is not { } list)
        {
            errors.Add(ShapeError.Path, ShapeError.Message);
            return null;
        }
        if (list.Count is < 1 or > EventsRequest.MaxEvents)
        {
            errors.Add("events", $"must hold 1 to {EventsRequest.MaxEvents} events (got {list.Count}).");
            return null;
        }

        var now = time.GetUtcNow();
        var window = new OccurrenceWindow(now.AddDays(-_maxAgeDays), now + FutureTolerance, _maxAgeDays);
        var events = Each(list, "events", errors, (e, path, errs) => Event(e, path, window, errs));
        return errors.Any ? null : events;
    }

    /// <summary>The occurrence times accepted now: not older than <c>Ingest:MaxAgeDays</c>, not beyond the clock-skew tolerance.</summary>
    private readonly record struct OccurrenceWindow(DateTimeOffset Oldest, DateTimeOffset Latest, int MaxAgeDays);

    private static ActivityEvent? Event(EventRequest e, string path, OccurrenceWindow window, ValidationErrors errors)
    {
        var before = errors.Count;
        var eventId = ExternalId(e.EventId, $"{path}.eventId", errors);
        var agentId = Id(e.AgentId, $"{path}.agentId", errors);
        var typeName = e.Type;
        if (!Present(typeName, $"{path}.type", errors)) typeName = null;
        var occurredAt = Instant(e.OccurredAt, $"{path}.occurredAt", errors);
        if (occurredAt > window.Latest)
            errors.Add($"{path}.occurredAt", "lies more than 5 minutes in the future.");
        else if (occurredAt < window.Oldest)
            errors.Add($"{path}.occurredAt", $"lies more than {window.MaxAgeDays} days in the past (the limit Ingest:MaxAgeDays): too old to count in any period.");
        var type = typeName is null ? null : OneOf(WireNames.ActivityTypes, typeName, $"{path}.type", "an event type", errors);

        VisitDetails? visit = null;
        PolicyDetails? policy = null;
        RenewalDetails? renewal = null;
        CancellationDetails? cancellation = null;
        switch (type)
        {
            case ActivityType.Visit when Present(e.Visit, $"{path}.visit", errors):
                visit = Visit(e.Visit, $"{path}.visit", errors);
                break;
            case ActivityType.Policy when Present(e.Policy, $"{path}.policy", errors):
                var policyId = ExternalId(e.Policy.PolicyId, $"{path}.policy.policyId", errors);
                var premium = Money(e.Policy.Premium, $"{path}.policy.premium", errors);
                if (policyId is not null && premium is { } pr) policy = new PolicyDetails(policyId, pr);
                break;
            case ActivityType.Renewal when Present(e.Renewal, $"{path}.renewal", errors):
                var r = e.Renewal;
                var renewedId = ExternalId(r.PolicyId, $"{path}.renewal.policyId", errors);
                var amount = Money(r.Amount, $"{path}.renewal.amount", errors);
                var year = Integer(r.PolicyYear, $"{path}.renewal.policyYear", errors, RenewalRequest.MinPolicyYear, RenewalRequest.MaxPolicyYear);
                if (renewedId is not null && amount is { } a && year is { } y) renewal = new RenewalDetails(renewedId, a, y);
                break;
            case ActivityType.Cancellation when Present(e.Cancellation, $"{path}.cancellation", errors):
                var cancelledId = ExternalId(e.Cancellation.PolicyId, $"{path}.cancellation.policyId", errors);
                if (cancelledId is not null) cancellation = new CancellationDetails(cancelledId);
                break;
        }

        if (errors.Count != before || type is null || eventId is null || agentId is null || occurredAt is null) return null;
        return new ActivityEvent(eventId, agentId, type.Value, occurredAt.Value, visit, policy, renewal, cancellation);
    }

    private static VisitDetails? Visit(VisitRequest v, string path, ValidationErrors errors)
    {
        var kind = OneOf(WireNames.VisitKinds, v.Kind, $"{path}.kind", "a visit kind", errors);
        var proactive = Present(v.Proactive, $"{path}.proactive", errors) ? v.Proactive : null;
        var customerClass = OneOf(WireNames.CustomerClasses, v.CustomerClass, $"{path}.customerClass", "a customer class", errors);
        return kind is { } k && proactive is { } pro && customerClass is { } cls ? new VisitDetails(k, pro, cls) : null;
    }
}
