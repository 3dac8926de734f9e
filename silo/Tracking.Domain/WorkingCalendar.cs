using System.Collections.Concurrent;

namespace Tracking.Domain;

/// <summary>
/// A branch's working week: which local days are worked and the local hours worked on each of them
/// (default Monday–Friday, 09:00–18:00). Pace compares results with the share of the period's
/// <em>working</em> time that has passed, so a Monday morning is not "behind" for a whole weekend.
/// </summary>
/// <remarks>
/// Working windows are computed per local date as real instants via <see cref="BranchClock.AtLocal"/>,
/// so durations are true elapsed time even on a day whose clock changes (a window containing a
/// spring-forward gap is an hour shorter, one containing a fall-back repeat an hour longer).
/// Working hours lie within one local day (no overnight shifts).
/// </remarks>
public sealed class WorkingCalendar
{
    // Time-zone conversions dominate the cost of pace (a month needs ~60 of them per call), and grains
    // ask for pace on every change, so each date's window is computed once per calendar instance.
    // Concurrent because one calendar may be shared by grains running on different threads.
    private const int WindowCacheLimit = 4096;
    private readonly ConcurrentDictionary<DateOnly, (DateTimeOffset Opens, DateTimeOffset Closes)> _windows = new();
    private readonly bool[] _worksOn = new bool[7];

    public WorkingCalendar(
        BranchClock clock,
        IEnumerable<DayOfWeek>? workingDays = null,
        TimeOnly? opensAt = null,
        TimeOnly? closesAt = null)
    {
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        OpensAt = opensAt ?? DefaultOpensAt;
        ClosesAt = closesAt ?? DefaultClosesAt;
        if (OpensAt >= ClosesAt)
            throw new ArgumentException($"Working hours must open before they close ({OpensAt} - {ClosesAt}).", nameof(closesAt));

        foreach (var day in workingDays ?? MondayToFriday)
        {
            if (!Enum.IsDefined(day)) throw new ArgumentOutOfRangeException(nameof(workingDays), day, "Not a day of the week.");
            _worksOn[(int)day] = true;
        }
        if (!Array.Exists(_worksOn, works => works))
            throw new ArgumentException("At least one working day is needed.", nameof(workingDays));
    }

    public static TimeOnly DefaultOpensAt => new(9, 0);

    public static TimeOnly DefaultClosesAt => new(18, 0);

    /// <summary>The default working days (a fresh list each time, so nobody can change the default).</summary>
    public static IReadOnlyList<DayOfWeek> MondayToFriday =>
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static IReadOnlyList<DayOfWeek> MondayToSaturday => [.. MondayToFriday, DayOfWeek.Saturday];

    public BranchClock Clock { get; }

    /// <summary>Local time the working day starts.</summary>
    public TimeOnly OpensAt { get; }

    /// <summary>Local time the working day ends (exclusive).</summary>
    public TimeOnly ClosesAt { get; }

    /// <summary>The working days, Sunday first (the order of <see cref="DayOfWeek"/>).</summary>
    public IReadOnlyList<DayOfWeek> WorkingDays =>
        Enum.GetValues<DayOfWeek>().Where(d => _worksOn[(int)d]).ToArray();

    public bool IsWorkingDay(DateOnly localDate) => _worksOn[(int)localDate.DayOfWeek];

    /// <summary>The instants a local date's working hours start and end, or null on a day off.</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes)? WorkingWindow(DateOnly localDate)
    {
        if (!IsWorkingDay(localDate)) return null;
        if (_windows.TryGetValue(localDate, out var cached)) return cached;
        if (_windows.Count >= WindowCacheLimit) _windows.Clear(); // bounded: a long-lived calendar sees years of dates
        var window = (Clock.AtLocal(localDate.ToDateTime(OpensAt)), Clock.AtLocal(localDate.ToDateTime(ClosesAt)));
        _windows[localDate] = window;
        return window;
    }

    public bool IsWorkingTime(DateTimeOffset now) =>
        WorkingWindow(Clock.LocalDate(now)) is { } window && now >= window.Opens && now < window.Closes;

    /// <summary>Working time inside [<paramref name="from"/>, <paramref name="to"/>); zero when the range is empty.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var lastDay = Clock.LocalDate(to);
        for (var day = Clock.LocalDate(from); day <= lastDay; day = day.AddDays(1))
        {
            if (WorkingWindow(day) is not { } window) continue;
            var start = window.Opens > from ? window.Opens : from;
            var end = window.Closes < to ? window.Closes : to;
            if (end > start) total += end - start;
        }
        return total;
    }

    /// <summary>All the working time of a period (its local-midnight bounds in the branch's zone).</summary>
    public TimeSpan WorkingTime(PeriodKey period)
    {
        var (start, end) = Clock.Bounds(period);
        return WorkingTimeBetween(start, end);
    }

    /// <summary>Working time of the period that has passed by <paramref name="now"/> (zero before it, all after it).</summary>
    public TimeSpan ElapsedWorkingTime(PeriodKey period, DateTimeOffset now)
    {
        var (start, end) = Clock.Bounds(period);
        return ElapsedWorkingTime(start, end, now);
    }

    /// <summary>Share in [0, 1] of the period's working time that has passed by <paramref name="now"/>.</summary>
    /// <remarks>
    /// A period with no working time at all (a Sunday, for a Monday–Friday branch) has share 0 until it
    /// ends and 1 after: nothing is expected on a day off until the day is over.
    /// </remarks>
    public decimal ElapsedShare(PeriodKey period, DateTimeOffset now)
    {
        var (start, end) = Clock.Bounds(period);
        return ElapsedShare(start, end, now);
    }

    /// <summary>Share in [0, 1] of the working time in [<paramref name="from"/>, <paramref name="to"/>) passed by <paramref name="now"/>.</summary>
    /// <remarks>Used for arbitrary windows such as the blocks of a weekly split or a campaign. Same day-off rule as above.</remarks>
    public decimal ElapsedShare(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var total = WorkingTimeBetween(from, to);
        if (total == TimeSpan.Zero) return now >= to ? 1m : 0m;
        var elapsed = ElapsedWorkingTime(from, to, now);
        // Ticks are exact integers, so the share is an exact decimal quotient (no floating point).
        return (decimal)elapsed.Ticks / total.Ticks;
    }

    /// <summary>
    /// The period's elapsed share (as <see cref="ElapsedShare(PeriodKey, DateTimeOffset)"/>) at the end of each
    /// of its local days, in order: the shape of a plan spread over the working time. The last is always 1.
    /// </summary>
    /// <remarks>
    /// A day's end is the next local midnight, so a day's share includes all of its working hours. One pass
    /// over the days (running sums of the daily working windows) instead of one <see cref="ElapsedShare(PeriodKey, DateTimeOffset)"/>
    /// per day; the results are the same exact quotients.
    /// </remarks>
    public decimal[] ElapsedShareByDay(PeriodKey period)
    {
        var days = period.End.DayNumber - period.Start.DayNumber;
        var ticks = new long[days];
        long total = 0;
        for (var i = 0; i < days; i++)
        {
            if (WorkingWindow(period.Start.AddDays(i)) is { } window) total += (window.Closes - window.Opens).Ticks;
            ticks[i] = total;
        }
        var shares = new decimal[days];
        for (var i = 0; i < days; i++)
        {
            // Without any working time nothing is expected until the period is over (the day-off rule).
            shares[i] = total == 0 ? (i == days - 1 ? 1m : 0m) : (decimal)ticks[i] / total;
        }
        return shares;
    }

    private TimeSpan ElapsedWorkingTime(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now) =>
        WorkingTimeBetween(from, now < to ? now : to);
}
