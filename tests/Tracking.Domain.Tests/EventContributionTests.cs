using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

/// <summary>Every event type against all ten metrics: each test states the whole expected vector.</summary>
public sealed class EventContributionTests
{
    private const string At = "2026-11-23T10:00:00+08:00";

    [Fact]
    public void A_call_adds_one_call_and_nothing_else() =>
        Assert.Equal(Values((Metric.Calls, 1)), EventContribution.Of(Call("e", At)));

    [Theory]
    // kind, proactive, class → visits, collection, service, sales, proactive, aClassSales
    [InlineData(VisitKind.Collection, false, CustomerClass.A, 1, 1, 0, 0, 0, 0)]
    [InlineData(VisitKind.Collection, true, CustomerClass.B, 1, 1, 0, 0, 1, 0)]
    [InlineData(VisitKind.Service, false, CustomerClass.C, 1, 0, 1, 0, 0, 0)]
    [InlineData(VisitKind.Service, true, CustomerClass.A, 1, 0, 1, 0, 1, 0)] // class A but not a sales visit
    [InlineData(VisitKind.Sales, false, CustomerClass.B, 1, 0, 0, 1, 0, 0)]
    [InlineData(VisitKind.Sales, true, CustomerClass.A, 1, 0, 0, 1, 1, 1)]
    [InlineData(VisitKind.Sales, false, CustomerClass.A, 1, 0, 0, 1, 0, 1)]
    public void A_visit_adds_to_visits_its_kind_proactive_and_A_class_sales(
        VisitKind kind, bool proactive, CustomerClass customerClass,
        int visits, int collection, int service, int sales, int proactiveVisits, int aClassSales)
    {
        var expected = Values(
            (Metric.Visits, visits), (Metric.CollectionVisits, collection), (Metric.ServiceVisits, service),
            (Metric.SalesVisits, sales), (Metric.ProactiveVisits, proactiveVisits), (Metric.AClassSalesVisits, aClassSales));

        Assert.Equal(expected, EventContribution.Of(Visit("e", At, kind, proactive, customerClass)));
    }

    [Fact]
    public void A_policy_adds_one_case_and_its_premium_to_FYP() =>
        Assert.Equal(Values((Metric.Policies, 1), (Metric.Fyp, 12_000.50m)), EventContribution.Of(Policy("e", At, "P-1", 12_000.50m)));

    [Fact]
    public void A_first_year_renewal_instalment_adds_to_renewal_collected_and_to_FYP() =>
        Assert.Equal(Values((Metric.RenewalCollected, 3_500m), (Metric.Fyp, 3_500m)), EventContribution.Of(Renewal("e", At, "P-12", 3_500m, policyYear: 1)));

    [Fact]
    public void A_later_year_renewal_adds_only_to_renewal_collected() =>
        Assert.Equal(Values((Metric.RenewalCollected, 3_500m)), EventContribution.Of(Renewal("e", At, "P-12", 3_500m, policyYear: 2)));

    [Fact]
    public void A_cancellation_takes_back_one_case_and_the_cancelled_premium() =>
        Assert.Equal(Values((Metric.Policies, -1), (Metric.Fyp, -12_000m)), EventContribution.Of(Cancellation("e", At, "P-1"), cancelledPremium: 12_000m));

    [Fact]
    public void AddTo_accumulates_into_an_existing_vector()
    {
        var totals = new MetricValues();
        EventContribution.AddTo(totals, Call("e1", At));
        EventContribution.AddTo(totals, Call("e2", At));
        EventContribution.AddTo(totals, Policy("e3", At, "P-1", 1_000m));
        EventContribution.AddTo(totals, Cancellation("e4", At, "P-1"), 1_000m);

        Assert.Equal(Values((Metric.Calls, 2), (Metric.Policies, 0), (Metric.Fyp, 0)), totals);
    }

    [Fact]
    public void Events_missing_their_details_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EventContribution.Of(new ActivityEvent("e", "A1", ActivityType.Visit, Build.At(At))));
        Assert.Throws<ArgumentException>(() => EventContribution.Of(new ActivityEvent("e", "A1", ActivityType.Policy, Build.At(At))));
        Assert.Throws<ArgumentException>(() => EventContribution.Of(new ActivityEvent("e", "A1", ActivityType.Renewal, Build.At(At))));
    }
}
