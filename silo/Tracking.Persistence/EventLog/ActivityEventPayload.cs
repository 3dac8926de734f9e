using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Persistence.EventLog;

/// <summary>
/// The event log's own JSON form of an <see cref="ActivityEvent"/>'s details (the <c>payload</c> column), in the
/// shape of the HTTP request (docs/api.md, "POST /api/v1/events"):
/// <code>{"occurredAt": "2026-11-23T11:00:00.0000000+08:00", "policy": {"policyId": "P-889", "premium": 12000.00}}</code>
/// The event id, agent id and type live in their own columns.
/// </summary>
/// <remarks>
/// Round-trips exactly: <c>occurredAt</c> keeps its ticks and original offset (the <c>occurred_at</c> column
/// keeps only the instant, to the microsecond), and decimals are written as JSON numbers with their scale
/// (12000.00 stays 12000.00; jsonb stores numbers as numeric, which keeps it). Every detail record that is set
/// is written, so the log stores what it was given even if a detail does not match the type.
/// Independent of any serializer configuration elsewhere in the process, on purpose: the log outlives them.
/// </remarks>
public static class ActivityEventPayload
{
    private const string OccurredAtFormat = "O";
    private const int OccurredAtMaxLength = 64; // "O" of a DateTimeOffset is 33: 2026-11-23T11:00:00.0000000+08:00

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>The stored name of a type, as on the wire (<see cref="WireNames.ActivityTypes"/>).</summary>
    public static string TypeName(ActivityType type) => WireNames.ActivityTypes.Name(type);

    public static ActivityType ParseType(string name) => Parse(WireNames.ActivityTypes, name, "activity type");

    /// <summary>The JSON text of the event's details.</summary>
    public static string Encode(ActivityEvent activity) => Encoding.UTF8.GetString(EncodeUtf8(activity));

    /// <summary>The JSON of the event's details as UTF-8, the form the database takes (no detour through a string).</summary>
    public static byte[] EncodeUtf8(ActivityEvent activity)
    {
        ArgumentNullException.ThrowIfNull(activity);

        // One writer and buffer per thread, reused: every ingested event passes here, and only the result is kept.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        json.WriteStartObject();
        Span<char> occurredAt = stackalloc char[OccurredAtMaxLength];
        activity.OccurredAt.TryFormat(occurredAt, out var length, OccurredAtFormat, CultureInfo.InvariantCulture);
        json.WriteString("occurredAt", occurredAt[..length]);
        if (activity.Visit is { } visit)
        {
            json.WriteStartObject("visit");
            json.WriteString("kind", WireNames.VisitKinds.Name(visit.Kind));
            json.WriteBoolean("proactive", visit.Proactive);
            json.WriteString("customerClass", WireNames.CustomerClasses.Name(visit.CustomerClass));
            json.WriteEndObject();
        }

        if (activity.Policy is { } policy)
        {
            json.WriteStartObject("policy");
            json.WriteString("policyId", policy.PolicyId);
            json.WriteNumber("premium", policy.Premium);
            json.WriteEndObject();
        }

        if (activity.Renewal is { } renewal)
        {
            json.WriteStartObject("renewal");
            json.WriteString("policyId", renewal.PolicyId);
            json.WriteNumber("amount", renewal.Amount);
            json.WriteNumber("policyYear", renewal.PolicyYear);
            json.WriteEndObject();
        }

        if (activity.Cancellation is { } cancellation)
        {
            json.WriteStartObject("cancellation");
            json.WriteString("policyId", cancellation.PolicyId);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Rebuilds the event from its columns and the payload written by <see cref="Encode"/>.</summary>
    public static ActivityEvent Decode(string eventId, string agentId, string type, string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var occurredAt = DateTimeOffset.ParseExact(
            Required(root, "occurredAt").GetString() ?? throw new FormatException("occurredAt is null."),
            OccurredAtFormat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        VisitDetails? visit = null;
        if (root.TryGetProperty("visit", out var v))
        {
            visit = new VisitDetails(
                Parse(WireNames.VisitKinds, RequiredString(v, "kind"), "visit kind"),
                Required(v, "proactive").GetBoolean(),
                Parse(WireNames.CustomerClasses, RequiredString(v, "customerClass"), "customer class"));
        }

        PolicyDetails? policy = null;
        if (root.TryGetProperty("policy", out var p))
        {
            policy = new PolicyDetails(RequiredString(p, "policyId"), Required(p, "premium").GetDecimal());
        }

        RenewalDetails? renewal = null;
        if (root.TryGetProperty("renewal", out var r))
        {
            renewal = new RenewalDetails(RequiredString(r, "policyId"), Required(r, "amount").GetDecimal(), Required(r, "policyYear").GetInt32());
        }

        CancellationDetails? cancellation = null;
        if (root.TryGetProperty("cancellation", out var c))
        {
            cancellation = new CancellationDetails(RequiredString(c, "policyId"));
        }

        return new ActivityEvent(eventId, agentId, ParseType(type), occurredAt, visit, policy, renewal, cancellation);
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw new FormatException($"The event payload has no '{name}'.");

    private static string RequiredString(JsonElement element, string name) =>
        Required(element, name).GetString() ?? throw new FormatException($"The event payload's '{name}' is null.");

    private static T Parse<T>(WireNameMap<T> names, string name, string what) where T : struct, Enum =>
        names.TryParse(name, out var value) ? value : throw new FormatException($"Unknown {what} '{name}' in the event log.");
}
