using Tracking.Abstractions.Contracts;
using Tracking.Domain;

namespace Tracking.Grains.Views;

/// <summary>Builds the contract's view shapes from domain values.</summary>
public static class StatsViews
{
    public static PeriodView Period(PeriodKey period, BranchClock clock)
    {
        var (start, end) = clock.Bounds(period);
        return new PeriodView(PeriodKey.KindName(period.Kind), start, end);
    }

    public static Dictionary<string, decimal> MetricMap(MetricValues values)
    {
        var map = new Dictionary<string, decimal>(Metrics.Count, StringComparer.Ordinal);
        foreach (var metric in Metrics.All) map[metric.Name()] = values[metric];
        return map;
    }

    /// <summary>Same numbers for the same period (used to skip pushes that would show nothing new).</summary>
    /// <remarks>
    /// The calendar figures (elapsed share, expected) are left out on purpose: they move with the clock alone, and
    /// comparing them would turn every re-render into a push; pages re-read stats now and then for the markers.
    /// </remarks>
    public static bool SameContent(StatsView a, StatsView b) =>
        a.Period == b.Period
        && SameMap(a.Metrics, b.Metrics) && SameMap(a.Targets, b.Targets)
        && SameMap(a.Attainment, b.Attainment) && SameMap(a.Pace, b.Pace)
        && a.Kpis == b.Kpis;

    private static bool SameMap<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && EqualityComparer<T>.Default.Equals(kv.Value, other));
}
