using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class MetricValuesTests
{
    [Fact]
    public void The_metric_names_are_the_contracts_ten_from_events_then_the_renewal_due_pair()
    {
        Assert.Equal(
            ["calls", "visits", "collectionVisits", "serviceVisits", "salesVisits",
             "proactiveVisits", "aClassSalesVisits", "policies", "fyp", "renewalCollected",
             "renewalDue", "renewalDueCollected"],
            Metrics.All.Select(m => m.Name()));
        Assert.Equal(Metrics.Count, Metrics.All.Count);
        Assert.Equal(Metrics.All.Take(10), Metrics.FromEvents);
        Assert.False(Metric.RenewalDue.IsFromEvents());
        Assert.True(Metrics.TryParseFromEvents("renewalCollected", out _));
        Assert.False(Metrics.TryParseFromEvents("renewalDueCollected", out _));
    }

    [Fact]
    public void Names_parse_back_and_unknown_names_do_not()
    {
        foreach (var metric in Metrics.All)
        {
            Assert.True(Metrics.TryParse(metric.Name(), out var parsed));
            Assert.Equal(metric, parsed);
        }
        Assert.False(Metrics.TryParse("Fyp", out _));
        Assert.False(Metrics.TryParse(null, out _));
    }

    [Fact]
    public void Only_fyp_and_the_renewal_amounts_are_money() =>
        Assert.Equal([Metric.Fyp, Metric.RenewalCollected, Metric.RenewalDue, Metric.RenewalDueCollected], Metrics.All.Where(m => m.IsMoney()));

    [Fact]
    public void Every_metric_has_its_own_slot()
    {
        var values = new MetricValues();
        foreach (var metric in Metrics.All) values[metric] = (int)metric + 1;

        // 1 + 2 + … + 12 = 78, and each reads back what was written.
        Assert.Equal(78m, values.AsSpan().ToArray().Sum());
        Assert.All(Metrics.All, m => Assert.Equal((int)m + 1, values[m]));
    }

    [Fact]
    public void Add_subtract_sum_clone_and_equality()
    {
        var a = Values((Metric.Calls, 3), (Metric.Fyp, 100.25m));
        var b = Values((Metric.Calls, 1), (Metric.Fyp, -0.25m), (Metric.Policies, 2));

        var sum = MetricValues.Sum([a, b]);
        Assert.Equal(Values((Metric.Calls, 4), (Metric.Fyp, 100m), (Metric.Policies, 2)), sum);

        var copy = sum.Clone();
        copy.Subtract(b);
        Assert.Equal(a, copy);
        Assert.Equal(a.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(sum, copy); // the clone is independent
        Assert.True(new MetricValues().IsZero);
        Assert.False(a.IsZero);
        Assert.Throws<ArgumentException>(() => new MetricValues(new decimal[Metrics.Count + 1]));
    }

    [Fact]
    public void Values_stored_before_the_renewal_due_metrics_existed_read_back_with_those_at_zero()
    {
        decimal[] stored = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var values = new MetricValues(stored);
        Assert.Equal(10m, values[Metric.RenewalCollected]);
        Assert.Equal(0m, values[Metric.RenewalDue]);
        Assert.Equal(0m, values[Metric.RenewalDueCollected]);
        var totals = new PeriodTotals(values, new ValueMark[Metrics.FromEventsCount]);
        Assert.Equal(Metrics.Count, totals.Reached.Length);
    }
}
