using Tracking.Domain;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class MetricValuesTests
{
    [Fact]
    public void The_ten_metric_names_are_the_contracts()
    {
        Assert.Equal(
            ["calls", "visits", "collectionVisits", "serviceVisits", "salesVisits",
             "proactiveVisits", "aClassSalesVisits", "policies", "fyp", "renewalCollected"],
            Metrics.All.Select(m => m.Name()));
        Assert.Equal(Metrics.Count, Metrics.All.Count);
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
    public void Only_fyp_and_renewalCollected_are_money() =>
        Assert.Equal([Metric.Fyp, Metric.RenewalCollected], Metrics.All.Where(m => m.IsMoney()));

    [Fact]
    public void Every_metric_has_its_own_slot()
    {
        var values = new MetricValues();
        foreach (var metric in Metrics.All) values[metric] = (int)metric + 1;

        // 1 + 2 + … + 10 = 55, and each reads back what was written.
        Assert.Equal(55m, values.AsSpan().ToArray().Sum());
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
        Assert.Throws<ArgumentException>(() => new MetricValues(new decimal[3]));
    }
}
