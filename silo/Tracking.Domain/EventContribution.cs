namespace Tracking.Domain;

/// <summary>How one event moves the ten metrics.</summary>
public static class EventContribution
{
    /// <summary>
    /// Adds the event's contribution into <paramref name="target"/>. A cancellation needs the premium of
    /// the policy it withdraws (<paramref name="cancelledPremium"/>): it takes back that premium and one case.
    /// </summary>
    public static void AddTo(MetricValues target, ActivityEvent e, decimal cancelledPremium = 0m)
    {
        switch (e.Type)
        {
            case ActivityType.Call:
                target[Metric.Calls] += 1;
                break;
            case ActivityType.Visit:
                var visit = e.Visit ?? throw new ArgumentException("A visit event needs visit details.", nameof(e));
                target[Metric.Visits] += 1;
                target[visit.Kind switch
                {
                    VisitKind.Collection => Metric.CollectionVisits,
                    VisitKind.Service => Metric.ServiceVisits,
                    _ => Metric.SalesVisits,
                }] += 1;
                if (visit.Proactive) target[Metric.ProactiveVisits] += 1;
                if (visit.Kind == VisitKind.Sales && visit.CustomerClass == CustomerClass.A)
                    target[Metric.AClassSalesVisits] += 1;
                break;
            case ActivityType.Policy:
                var policy = e.Policy ?? throw new ArgumentException("A policy event needs policy details.", nameof(e));
                target[Metric.Policies] += 1;
                target[Metric.Fyp] += policy.Premium;
                break;
            case ActivityType.Renewal:
                var renewal = e.Renewal ?? throw new ArgumentException("A renewal event needs renewal details.", nameof(e));
                target[Metric.RenewalCollected] += renewal.Amount;
                // A first-year instalment is first-year premium by the FYP definition.
                if (renewal.PolicyYear == 1) target[Metric.Fyp] += renewal.Amount;
                break;
            case ActivityType.Cancellation:
                target[Metric.Policies] -= 1;
                target[Metric.Fyp] -= cancelledPremium;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Type, "Unknown event type.");
        }
    }

    /// <summary>The metrics an event changes (used to track who reached a value first).</summary>
    public static MetricValues Of(ActivityEvent e, decimal cancelledPremium = 0m)
    {
        var values = new MetricValues();
        AddTo(values, e, cancelledPremium);
        return values;
    }
}
