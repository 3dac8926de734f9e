namespace Tracking.Domain.Renewals;

/// <summary>
/// The renewal figures of a period: <see cref="Due"/> is the amount of the items due in it (renewalDue),
/// <see cref="Collected"/> how much of those items is collected (renewalDueCollected), whenever it was paid.
/// </summary>
public readonly record struct RenewalTotals(decimal Due, decimal Collected)
{
    /// <summary>collectionRate = collected ÷ due, null when nothing is due.</summary>
    public decimal? CollectionRate => Ratio.Of(Collected, Due);

    public static RenewalTotals operator +(RenewalTotals a, RenewalTotals b) => new(a.Due + b.Due, a.Collected + b.Collected);

    /// <summary>Adds these figures to the period's <see cref="Metric.RenewalDue"/> and <see cref="Metric.RenewalDueCollected"/>.</summary>
    public void AddTo(MetricValues values)
    {
        values[Metric.RenewalDue] += Due;
        values[Metric.RenewalDueCollected] += Collected;
    }
}
