using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tracking.Abstractions.Contracts.Requests;

// The body of POST /api/v1/events (docs/api.md). Every field is nullable: the wire form is read as given and
// the validator says what is missing or wrong, field by field. Enum-like values stay strings here and are
// translated through WireNames; instants stay strings so that one without an offset can be refused.

/// <summary>1 to <see cref="MaxEvents"/> activity events, from any number of agents.</summary>
public sealed record EventsRequest(IReadOnlyList<EventRequest?>? Events)
{
    public const int MaxEvents = 1000;
}

/// <summary>One activity event; the detail object named by <see cref="Type"/> is required for visit, policy, renewal and cancellation.</summary>
public sealed record EventRequest(
    [property: Description("The sender's id of the event, 1-128 printable ASCII characters; a repeated id is a duplicate.")] string? EventId,
    [property: Description("1-64 characters of A-Z a-z 0-9 . _ -")] string? AgentId,
    [property: Description("call, visit, policy, renewal or cancellation")] string? Type,
    [property: Description("ISO-8601 date and time with an offset, e.g. 2026-11-23T09:15:00+08:00; at most 5 minutes in the future and at most Ingest:MaxAgeDays (default 800) days in the past.")] string? OccurredAt,
    VisitRequest? Visit = null,
    PolicyRequest? Policy = null,
    RenewalRequest? Renewal = null,
    CancellationRequest? Cancellation = null);

public sealed record VisitRequest(
    [property: Description("collection, service or sales")] string? Kind,
    bool? Proactive,
    [property: Description("A, B or C")] string? CustomerClass);

public sealed record PolicyRequest(
    string? PolicyId,
    [property: Description("A JSON number from 0 to 999999999999.99 with at most 2 decimals.")] decimal? Premium);

public sealed record RenewalRequest(
    string? PolicyId,
    [property: Description("A JSON number from 0 to 999999999999.99 with at most 2 decimals.")] decimal? Amount,
    [property: Range(RenewalRequest.MinPolicyYear, RenewalRequest.MaxPolicyYear)] int? PolicyYear)
{
    public const int MinPolicyYear = 1;
    public const int MaxPolicyYear = 100;
}

public sealed record CancellationRequest(string? PolicyId);
