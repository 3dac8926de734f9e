namespace Tracking.Domain;

/// <summary>Attainment = actual ÷ target: how much of the whole period's target is done (1.0 = 100%).</summary>
public static class Attainment
{
    /// <summary>Null when there is no target or the target is 0.</summary>
    public static decimal? Of(decimal actual, decimal? target) => Ratio.Of(actual, target);

    /// <summary>Attainment for every metric that has a target (null value where that target is 0).</summary>
    public static IReadOnlyDictionary<Metric, decimal?> ForAll(IReadOnlyDictionary<Metric, ResolvedTarget> targets, MetricValues actual)
    {
        var result = new Dictionary<Metric, decimal?>(targets.Count);
        foreach (var (metric, target) in targets) result[metric] = Of(actual[metric], target.Value);
        return result;
    }
}

/// <summary>
/// Pace = actual ÷ what should have been done by now, so 1.0 means exactly on schedule and an agent is
/// behind pace when it falls below a threshold. Expected progress follows the branch's working time
/// (<see cref="WorkingCalendar"/>), not calendar time.
/// </summary>
/// <remarks>
/// Without a weekly split: expected so far = target × elapsed working share of the period.
/// A month target with a weekly split [s1..sn] (blocks as in <see cref="WeeklySplit"/>):
/// expected so far = sum of the splits of the blocks already over + the current block's split × the
/// elapsed working share of the current block. E.g. 10/5/5/10 on Wednesday 13:30 of the second block
/// (Mon–Fri 09–18, share 22.5 h ÷ 45 h = 0.5) expects 10 + 5 × 0.5 = 12.5.
/// Pace is null when there is no target, the target is 0, or nothing is expected yet (share 0):
/// a ratio to nothing says nothing.
/// </remarks>
public sealed class PaceCalculator(WorkingCalendar calendar)
{
    public WorkingCalendar Calendar { get; } = calendar ?? throw new ArgumentNullException(nameof(calendar));

    /// <summary>actual ÷ (target × elapsed share); null when the target is absent or 0, or the share is 0.</summary>
    public static decimal? PaceOf(decimal actual, decimal? target, decimal elapsedShare) =>
        target is { } t && t != 0m ? Ratio.Of(actual, t * elapsedShare) : null;

    /// <summary>What should be done of <paramref name="target"/> by <paramref name="now"/> (see the class remarks).</summary>
    public decimal ExpectedSoFar(PeriodKey period, decimal target, IReadOnlyList<decimal>? weeklySplit, DateTimeOffset now)
    {
        if (weeklySplit is not { Count: > 0 } || period.Kind != PeriodKind.Month)
            return target * Calendar.ElapsedShare(period, now);

        var expected = 0m;
        foreach (var block in WeeklySplit.Blocks(period, weeklySplit.Count))
        {
            var from = Calendar.Clock.StartOf(block.Start);
            var to = Calendar.Clock.StartOf(block.End);
            // A block that is over contributes its whole split (share 1), a future one nothing (share 0).
            expected += weeklySplit[block.Index] * Calendar.ElapsedShare(from, to, now);
        }
        return expected;
    }

    public decimal ExpectedSoFar(ResolvedTarget target, DateTimeOffset now) =>
        ExpectedSoFar(target.Period, target.Value, target.WeeklySplit, now);

    /// <summary>Pace of <paramref name="actual"/> against a resolved target (null when there is none).</summary>
    public decimal? Pace(decimal actual, ResolvedTarget? target, DateTimeOffset now) =>
        target is null ? null : Pace(actual, target.Period, target.Value, target.WeeklySplit, now);

    public decimal? Pace(decimal actual, PeriodKey period, decimal? target, IReadOnlyList<decimal>? weeklySplit, DateTimeOffset now)
    {
        if (target is not { } t || t == 0m) return null;
        return PaceAgainst(actual, t, ExpectedSoFar(period, t, weeklySplit, now));
    }

    /// <summary>Pace when what is expected so far is already known: null for a target of 0 or while nothing is expected.</summary>
    public static decimal? PaceAgainst(decimal actual, decimal target, decimal expectedSoFar) =>
        target == 0m ? null : Ratio.Of(actual, expectedSoFar);
}
