using System.Text.Json;
using Tracking.Domain;
using Tracking.Persistence.EventLog;

namespace Tracking.Postgres.Tests.EventLog;

/// <summary>The event log's JSON codec on its own (the database round trip is in PostgresEventLogTests).</summary>
public sealed class ActivityEventPayloadTests
{
    [Fact]
    public void The_codec_knows_every_field_of_the_domain_event()
    {
        // If the domain records grow, the codec must learn the new fields, or the log would silently drop them.
        Assert.Equal(
            ["EventId", "AgentId", "Type", "OccurredAt", "Visit", "Policy", "Renewal", "Cancellation"],
            ParametersOf<ActivityEvent>());
        Assert.Equal(["Kind", "Proactive", "CustomerClass"], ParametersOf<VisitDetails>());
        Assert.Equal(["PolicyId", "Premium"], ParametersOf<PolicyDetails>());
        Assert.Equal(["PolicyId", "Amount", "PolicyYear"], ParametersOf<RenewalDetails>());
        Assert.Equal(["PolicyId"], ParametersOf<CancellationDetails>());
    }

    [Fact]
    public void Every_enum_value_round_trips()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(8));
        foreach (var type in Enum.GetValues<ActivityType>())
        {
            var activity = new ActivityEvent("e", "a", type, at);
            Assert.Equal(activity, RoundTrip(activity));
            Assert.Equal(type, ActivityEventPayload.ParseType(ActivityEventPayload.TypeName(type)));
        }

        foreach (var kind in Enum.GetValues<VisitKind>())
        {
            foreach (var customerClass in Enum.GetValues<CustomerClass>())
            {
                foreach (var proactive in new[] { true, false })
                {
                    var visit = new ActivityEvent("e", "a", ActivityType.Visit, at, Visit: new VisitDetails(kind, proactive, customerClass));
                    Assert.Equal(visit, RoundTrip(visit));
                }
            }
        }
    }

    [Fact]
    public void The_payload_has_the_shape_of_the_http_contract()
    {
        var policy = new ActivityEvent("crm-3", "A1001", ActivityType.Policy,
            new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(8)), Policy: new PolicyDetails("P-889", 12000.00m));

        using var json = JsonDocument.Parse(ActivityEventPayload.Encode(policy));
        Assert.Equal("2026-11-23T11:00:00.0000000+08:00", json.RootElement.GetProperty("occurredAt").GetString());
        Assert.Equal("P-889", json.RootElement.GetProperty("policy").GetProperty("policyId").GetString());
        Assert.Equal("12000.00", json.RootElement.GetProperty("policy").GetProperty("premium").GetRawText());
        Assert.False(json.RootElement.TryGetProperty("visit", out _));
    }

    [Fact]
    public void Details_that_do_not_match_the_type_are_kept_as_given()
    {
        var odd = new ActivityEvent("e", "a", ActivityType.Call, DateTimeOffset.UnixEpoch,
            Visit: new VisitDetails(VisitKind.Sales, true, CustomerClass.A), Cancellation: new CancellationDetails("P"));
        Assert.Equal(odd, RoundTrip(odd));
    }

    [Fact]
    public void A_corrupt_payload_is_reported_not_guessed()
    {
        Assert.Throws<FormatException>(() => ActivityEventPayload.Decode("e", "a", "meeting", """{"occurredAt":"2026-11-23T11:00:00.0000000+08:00"}"""));
        Assert.Throws<FormatException>(() => ActivityEventPayload.Decode("e", "a", "call", "{}"));
        Assert.Throws<FormatException>(() => ActivityEventPayload.Decode("e", "a", "visit",
            """{"occurredAt":"2026-11-23T11:00:00.0000000+08:00","visit":{"kind":"party","proactive":true,"customerClass":"A"}}"""));
    }

    private static ActivityEvent RoundTrip(ActivityEvent activity) =>
        ActivityEventPayload.Decode(activity.EventId, activity.AgentId, ActivityEventPayload.TypeName(activity.Type), ActivityEventPayload.Encode(activity));

    private static string[] ParametersOf<T>() =>
        typeof(T).GetConstructors().Single(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType != typeof(T))
            .GetParameters().Select(p => p.Name!).ToArray();
}
