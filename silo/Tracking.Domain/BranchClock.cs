namespace Tracking.Domain;

/// <summary>
/// Converts instants to branch-local dates and period bounds in the branch's IANA time zone.
/// Every period boundary is local midnight, so days may be 23 or 25 hours long across a clock change.
/// </summary>
public sealed class BranchClock(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public static BranchClock For(string ianaTimeZone) => new(TimeZoneInfo.FindSystemTimeZoneById(ianaTimeZone));

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public PeriodKey PeriodOf(PeriodKind kind, DateTimeOffset instant) => PeriodKey.Containing(kind, LocalDate(instant));

    /// <summary>
    /// The instant a local date begins, with the branch's offset at that instant. Where local midnight
    /// does not exist (a clock change at 00:00) the day begins at the first local time that does.
    /// </summary>
    public DateTimeOffset StartOf(DateOnly localDate)
    {
        var local = localDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return AtLocal(local);
    }

    /// <summary>
    /// An instant at a branch-local wall-clock time. A time skipped by a spring-forward change moves to the
    /// first local time after the gap (the gap's end); a repeated time takes its first occurrence.
    /// </summary>
    public DateTimeOffset AtLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Clock changes happen on whole minutes: step from the whole minute to the gap's end, so that
            // 01:30:30 inside a 01:00–02:00 gap gives 02:00:00, not 02:00:30.
            local = new DateTime(local.Ticks - local.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Unspecified);
            while (Zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        }
        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    public (DateTimeOffset Start, DateTimeOffset End) Bounds(PeriodKey period) => (StartOf(period.Start), StartOf(period.End));
}
