using System.Globalization;

namespace Tracking.Domain;

public enum PeriodKind { Day, Week, Month }

/// <summary>
/// A calendar period in branch-local time, named by its kind and its first local date
/// (a day; the Monday of an ISO week; the 1st of a month).
/// </summary>
public readonly record struct PeriodKey(PeriodKind Kind, DateOnly Start)
{
    public static PeriodKey Containing(PeriodKind kind, DateOnly localDate) => kind switch
    {
        PeriodKind.Day => new(kind, localDate),
        PeriodKind.Week => new(kind, localDate.AddDays(-DaysSinceMonday(localDate.DayOfWeek))),
        PeriodKind.Month => new(kind, new DateOnly(localDate.Year, localDate.Month, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The three periods (day, week, month) that contain a local date.</summary>
    public static PeriodKey[] AllContaining(DateOnly localDate) =>
        [Containing(PeriodKind.Day, localDate), Containing(PeriodKind.Week, localDate), Containing(PeriodKind.Month, localDate)];

    /// <summary>The first local date after the period (exclusive end).</summary>
    public DateOnly End => Kind switch
    {
        PeriodKind.Day => Start.AddDays(1),
        PeriodKind.Week => Start.AddDays(7),
        _ => Start.AddMonths(1),
    };

    public bool Contains(DateOnly localDate) => localDate >= Start && localDate < End;

    public IEnumerable<DateOnly> Days()
    {
        for (var d = Start; d < End; d = d.AddDays(1)) yield return d;
    }

    public static string KindName(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "day",
        PeriodKind.Week => "week",
        _ => "month",
    };

    public static bool TryParseKind(string? name, out PeriodKind kind)
    {
        switch (name)
        {
            case "day": kind = PeriodKind.Day; return true;
            case "week": kind = PeriodKind.Week; return true;
            case "month": kind = PeriodKind.Month; return true;
            default: kind = default; return false;
        }
    }

    public override string ToString() =>
        $"{KindName(Kind)}:{Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static int DaysSinceMonday(DayOfWeek day) => ((int)day + 6) % 7;
}
