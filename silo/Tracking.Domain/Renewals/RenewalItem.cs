namespace Tracking.Domain.Renewals;

/// <summary>
/// A due item and what has been collected on it so far, payment by payment. Open until fully collected or
/// until its grace period is over: it is open through <see cref="GraceEndsOn"/> and lapsed from the next
/// branch-local midnight.
/// </summary>
public sealed class RenewalItem(RenewalDue due, int graceDays)
{
    private readonly List<(DateOnly PaidOn, decimal Amount)> _collections = [];

    public RenewalDue Due { get; } = due;

    public DateOnly GraceEndsOn { get; } = due.DueDate.AddDays(graceDays);

    public decimal Collected { get; private set; }

    public decimal Outstanding => Due.Amount - Collected;

    /// <summary>Whether a payment made on <paramref name="day"/> can still go to this item.</summary>
    public bool IsOpenOn(DateOnly day) => Outstanding > 0 && day <= GraceEndsOn;

    public RenewalStatus StatusOn(DateOnly today) =>
        Outstanding <= 0 ? RenewalStatus.Collected
        : today > GraceEndsOn ? RenewalStatus.Lapsed
        : RenewalStatus.Open;

    /// <summary>Whether the item is open on <paramref name="today"/> with its grace end at most <paramref name="daysBeforeGraceEnd"/> days away.</summary>
    public bool IsAtRiskOn(DateOnly today, int daysBeforeGraceEnd) => OpenRenewal.IsAtRisk(GraceEndsOn, Outstanding, today, daysBeforeGraceEnd);

    /// <summary>The item as it stands now, for a reader outside the agent.</summary>
    public OpenRenewal ToOpenRenewal() => new(Due, GraceEndsOn, Collected);

    /// <summary>Whole days from <paramref name="today"/> to the grace end (0 on its last day, negative once lapsed).</summary>
    public int DaysLeft(DateOnly today) => GraceEndsOn.DayNumber - today.DayNumber;

    /// <summary>What had been collected on this item by the end of <paramref name="day"/>.</summary>
    public decimal CollectedBy(DateOnly day)
    {
        var sum = 0m;
        foreach (var (paidOn, amount) in _collections)
        {
            if (paidOn <= day) sum += amount;
        }
        return sum;
    }

    /// <summary>Takes as much of a payment as the item still owes; returns the rest.</summary>
    internal decimal Take(DateOnly paidOn, decimal amount)
    {
        var taken = Math.Min(amount, Outstanding);
        if (taken <= 0) return amount;
        _collections.Add((paidOn, taken));
        Collected += taken;
        return amount - taken;
    }

    internal void ClearCollections()
    {
        _collections.Clear();
        Collected = 0;
    }
}
