namespace Tracking.Domain.Renewals;

/// <summary>The rows of the collection grid, each a way an item falls into the grid's month.</summary>
public enum CollectionGridRow
{
    /// <summary>Items due in the month.</summary>
    ThisMonth,

    /// <summary>Items due in the month before.</summary>
    LastMonth,

    /// <summary>Items whose grace period ends in the month (the last chance to collect them).</summary>
    GraceEnding,
}

/// <summary>What the grid needs of a due item: when it is due, when its grace ends, its premium year, due and collected.</summary>
public readonly record struct CollectionGridItem(DateOnly DueDate, DateOnly GraceEndsOn, int PolicyYear, decimal Amount, decimal Collected)
{
    public static CollectionGridItem Of(RenewalItem item) =>
        new(item.Due.DueDate, item.GraceEndsOn, item.Due.PolicyYear, item.Due.Amount, item.Collected);
}

/// <summary>
/// The collection grid renewal teams read (应收清单 九宫图) for one branch-local month: rows by when the items
/// fall due (this month, last month, grace ending this month) × columns by premium year (2nd, 3rd, 4th and
/// later), each cell the items' due amount and what of it is collected so far (whenever paid). An item can
/// sit in two rows: due last month with its grace ending this month (a grace period under two months).
/// First-year items (policy year 1) are not renewal premium and sit in no column.
/// </summary>
public sealed class CollectionGrid
{
    public static readonly IReadOnlyList<CollectionGridRow> Rows = [CollectionGridRow.ThisMonth, CollectionGridRow.LastMonth, CollectionGridRow.GraceEnding];

    /// <summary>The premium years of the columns; the last one also holds every later year.</summary>
    public static readonly IReadOnlyList<int> Columns = [2, 3, 4];

    private readonly RenewalTotals[,] _cells = new RenewalTotals[Rows.Count, Columns.Count];

    private CollectionGrid(PeriodKey month) => Month = month;

    public PeriodKey Month { get; }

    public RenewalTotals this[CollectionGridRow row, int column] => _cells[(int)row, ColumnIndex(column)];

    /// <summary>The grid of the month holding <paramref name="dayInMonth"/>, from the items of a team (or any set of items).</summary>
    public static CollectionGrid Of(DateOnly dayInMonth, IEnumerable<CollectionGridItem> items)
    {
        var grid = new CollectionGrid(PeriodKey.Containing(PeriodKind.Month, dayInMonth));
        var lastMonth = PeriodKey.Containing(PeriodKind.Month, grid.Month.Start.AddMonths(-1));
        foreach (var item in items)
        {
            if (ColumnOf(item.PolicyYear) is not { } column) continue;
            var cell = new RenewalTotals(item.Amount, item.Collected);
            if (grid.Month.Contains(item.DueDate)) grid.Add(CollectionGridRow.ThisMonth, column, cell);
            if (lastMonth.Contains(item.DueDate)) grid.Add(CollectionGridRow.LastMonth, column, cell);
            if (grid.Month.Contains(item.GraceEndsOn)) grid.Add(CollectionGridRow.GraceEnding, column, cell);
        }
        return grid;
    }

    /// <summary>The column of a premium year: 2 and 3 as they are, 4 for the 4th year and later, none for the first year.</summary>
    public static int? ColumnOf(int policyYear) => policyYear < Columns[0] ? null : Math.Min(policyYear, Columns[^1]);

    private void Add(CollectionGridRow row, int column, RenewalTotals cell) =>
        _cells[(int)row, ColumnIndex(column)] += cell;

    private static int ColumnIndex(int column) =>
        column >= Columns[0] && column <= Columns[^1] ? column - Columns[0] : throw new ArgumentOutOfRangeException(nameof(column), column, "The grid's columns are 2, 3 and 4.");
}
