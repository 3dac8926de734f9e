using System.Globalization;
using Tracking.Domain;

namespace Tracking.Domain.Tests;

/// <summary>Small builders shared by the tests, so each test reads as its scenario.</summary>
internal static class Build
{
    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static ActivityEvent Call(string id, string at, string agent = "A1") =>
        new(id, agent, ActivityType.Call, At(at));

    public static ActivityEvent Visit(string id, string at, VisitKind kind, bool proactive, CustomerClass customerClass, string agent = "A1") =>
        new(id, agent, ActivityType.Visit, At(at), Visit: new VisitDetails(kind, proactive, customerClass));

    public static ActivityEvent Policy(string id, string at, string policyId, decimal premium, string agent = "A1") =>
        new(id, agent, ActivityType.Policy, At(at), Policy: new PolicyDetails(policyId, premium));

    public static ActivityEvent Renewal(string id, string at, string policyId, decimal amount, int policyYear, string agent = "A1") =>
        new(id, agent, ActivityType.Renewal, At(at), Renewal: new RenewalDetails(policyId, amount, policyYear));

    public static ActivityEvent Cancellation(string id, string at, string policyId, string agent = "A1") =>
        new(id, agent, ActivityType.Cancellation, At(at), Cancellation: new CancellationDetails(policyId));

    /// <summary>A metric vector with the given non-zero entries.</summary>
    public static MetricValues Values(params (Metric Metric, decimal Value)[] entries)
    {
        var values = new MetricValues();
        foreach (var (metric, value) in entries) values[metric] = value;
        return values;
    }
}
