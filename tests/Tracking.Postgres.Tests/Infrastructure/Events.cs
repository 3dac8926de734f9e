using Tracking.Domain;

namespace Tracking.Postgres.Tests.Infrastructure;

/// <summary>Small builders for activity events in tests.</summary>
internal static class Events
{
    private static readonly DateTimeOffset BaseTime = new(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(8));

    public static string NewAgent(string prefix = "A") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewId(string prefix = "e") => $"{prefix}-{Guid.NewGuid():N}";

    public static ActivityEvent Call(string agentId, string? eventId = null, DateTimeOffset? at = null) =>
        new(eventId ?? NewId(), agentId, ActivityType.Call, at ?? BaseTime);

    public static ActivityEvent Visit(string agentId, VisitKind kind, bool proactive, CustomerClass customerClass, string? eventId = null) =>
        new(eventId ?? NewId(), agentId, ActivityType.Visit, BaseTime.AddMinutes(45), Visit: new VisitDetails(kind, proactive, customerClass));

    public static ActivityEvent Policy(string agentId, string policyId, decimal premium, string? eventId = null) =>
        new(eventId ?? NewId(), agentId, ActivityType.Policy, BaseTime.AddHours(2), Policy: new PolicyDetails(policyId, premium));

    public static ActivityEvent Renewal(string agentId, string policyId, decimal amount, int policyYear, string? eventId = null) =>
        new(eventId ?? NewId(), agentId, ActivityType.Renewal, BaseTime.AddHours(5), Renewal: new RenewalDetails(policyId, amount, policyYear));

    public static ActivityEvent Cancellation(string agentId, string policyId, string? eventId = null) =>
        new(eventId ?? NewId(), agentId, ActivityType.Cancellation, BaseTime.AddDays(1), Cancellation: new CancellationDetails(policyId));

    public static ActivityEvent[] Calls(string agentId, int count) =>
        Enumerable.Range(0, count).Select(i => Call(agentId, at: BaseTime.AddSeconds(i))).ToArray();
}
