using System.Globalization;

namespace Tracking.Domain;

/// <summary>Kinds of calendar periods. Stored as numbers (targets, topics): new kinds go at the end.</summary>
public enum PeriodKind { Day, Week, Month, Quarter, Year }

/// <summary>
/// A calendar period in branch-local time, named by its kind and its first local date
/// (a day; the Monday of an ISO week; the 1st of a month; the 1st of January, April, July or October; the 1st of January).
/// </summary>
public readonly record struct PeriodKey(PeriodKind Kind, DateOnly Start)
{
    public static PeriodKey Containing(PeriodKind kind, DateOnly localDate) => kind switch
    {
        PeriodKind.Day => new(kind, localDate),
        PeriodKind.Week => new(kind, localDate.AddDays(-DaysSinceMonday(localDate.DayOfWeek))),
        PeriodKind.Month => new(kind, new DateOnly(localDate.Year, localDate.Month, 1)),
        PeriodKind.Quarter => new(kind, new DateOnly(localDate.Year, (localDate.Month - 1) / 3 * 3 + 1, 1)),
        PeriodKind.Year => new(kind, new DateOnly(localDate.Year, 1, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every kind of period, shortest first.</summary>
    public static readonly IReadOnlyList<PeriodKind> Kinds = [PeriodKind.Day, PeriodKind.Week, PeriodKind.Month, PeriodKind.Quarter, PeriodKind.Year];

    /// <summary>The wire names of the kinds, for messages: "day, week, month, quarter, year".</summary>
    public static readonly string KindNames = string.Join(", ", Kinds.Select(KindName));

    /// <summary>The periods of every kind (day, week, month, quarter, year) that contain a local date.</summary>
    public static PeriodKey[] AllContaining(DateOnly localDate)
    {
        var periods = new PeriodKey[Kinds.Count];
        for (var i = 0; i < periods.Length; i++) periods[i] = Containing(Kinds[i], localDate);
        return periods;
    }

    /// <summary>The first local date after the period (exclusive end).</summary>
    public DateOnly End => Kind switch
    {
        PeriodKind.Day => Start.AddDays(1),
        PeriodKind.Week => Start.AddDays(7),
        PeriodKind.Month => Start.AddMonths(1),
        PeriodKind.Quarter => Start.AddMonths(3),
        PeriodKind.Year => Start.AddYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
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
        PeriodKind.Month => "month",
        PeriodKind.Quarter => "quarter",
        PeriodKind.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseKind(string? name, out PeriodKind kind)
    {
        switch (name)
        {
            case "day": kind = PeriodKind.Day; return true;
            case "week": kind = PeriodKind.Week; return true;
            case "month": kind = PeriodKind.Month; return true;
            case "quarter": kind = PeriodKind.Quarter; return true;
            case "year": kind = PeriodKind.Year; return true;
            default: kind = default; return false;
        }
    }

    public override string ToString() =>
        $"{KindName(Kind)}:{Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static int DaysSinceMonday(DayOfWeek day) => ((int)day + 6) % 7;
}
