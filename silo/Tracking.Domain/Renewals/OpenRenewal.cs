namespace Tracking.Domain.Renewals;

/// <summary>
/// A due item that was open when its agent read it: what is due, when its grace ends and what was collected so
/// far. A team's alert desk keeps these between reads and judges them again day by day (<see cref="IsAtRiskOn"/>),
/// so an item that lapses at midnight stops being at risk without anybody asking the agent.
/// </summary>
public sealed record OpenRenewal(RenewalDue Due, DateOnly GraceEndsOn, decimal Collected)
{
    /// <summary>
    /// The renewalAtRisk rule for one item: still owing, not lapsed on <paramref name="today"/> (it is open through its
    /// grace end), and its grace end at most <paramref name="daysBeforeGraceEnd"/> days away.
    /// </summary>
    public static bool IsAtRisk(DateOnly graceEndsOn, decimal outstanding, DateOnly today, int daysBeforeGraceEnd) =>
        outstanding > 0 && today <= graceEndsOn && graceEndsOn.DayNumber - today.DayNumber <= daysBeforeGraceEnd;

    public bool IsAtRiskOn(DateOnly today, int daysBeforeGraceEnd) => IsAtRisk(GraceEndsOn, Due.Amount - Collected, today, daysBeforeGraceEnd);
}
