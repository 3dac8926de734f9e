using Tracking.Domain.Renewals;
using static Tracking.Domain.Tests.Build;

namespace Tracking.Domain.Tests;

public sealed class CollectionGridTests
{
    private static RenewalDue Due(string policyId, string dueDate, decimal amount, int policyYear) =>
        new(policyId, "A1", Date(dueDate), amount, policyYear);

    private static void Pay(RenewalBook book, string policyId, decimal amount) =>
        book.Collect(new RenewalPayment(policyId, Date("2026-11-25"), amount));

    private static CollectionGrid Grid(RenewalBook book, string dayInMonth) =>
        CollectionGrid.Of(Date(dayInMonth), book.Items.Select(CollectionGridItem.Of));

    private static (decimal Due, decimal Collected, decimal? Rate) Cell(CollectionGrid grid, CollectionGridRow row, int column)
    {
        var cell = grid[row, column];
        return (cell.Due, cell.Collected, cell.CollectionRate);
    }

    /// <summary>
    /// December 2026 with the default 60 grace days: the grace of an item due 2 Oct … 1 Nov ends in December
    /// (2 Oct + 60 = 1 Dec, 1 Nov + 60 = 31 Dec). Every payment is made on 25 Nov.
    /// A  year 2, due  5 Dec, 3,500, 1,750 paid → this month, column 2
    /// B  year 3, due 20 Dec, 1,000, nothing    → this month, column 3
    /// C  year 5, due 10 Dec,   800, all paid   → this month, column 4 (a 5th year)
    /// D  year 4, due 31 Dec, 1,200,   300 paid → this month, column 4
    /// E  year 2, due 15 Nov, 2,000,   500 paid → last month, column 2 (grace ends 14 Jan)
    /// F  year 3, due  1 Nov, 1,500,   600 paid → last month AND grace ending (31 Dec), column 3
    /// G  year 2, due 10 Oct, 4,000, 1,000 paid → grace ending (9 Dec), column 2
    /// H  year 6, due  2 Oct, 2,500, nothing    → grace ending (1 Dec), column 4
    /// I  year 4, due  1 Oct,   900, nothing    → nowhere (grace ended 30 Nov)
    /// J  year 1, due  8 Dec, 5,000, all paid   → nowhere (first-year premium is not renewal)
    /// K  year 2, due  1 Jan, 700, nothing      → nowhere (next month)
    /// </summary>
    private static RenewalBook December()
    {
        var book = new RenewalBook();
        book.Upsert([
            Due("A", "2026-12-05", 3500, 2), Due("B", "2026-12-20", 1000, 3), Due("C", "2026-12-10", 800, 5),
            Due("D", "2026-12-31", 1200, 4), Due("E", "2026-11-15", 2000, 2), Due("F", "2026-11-01", 1500, 3),
            Due("G", "2026-10-10", 4000, 2), Due("H", "2026-10-02", 2500, 6), Due("I", "2026-10-01", 900, 4),
            Due("J", "2026-12-08", 5000, 1), Due("K", "2027-01-01", 700, 2),
        ]);
        Pay(book, "A", 1750);
        Pay(book, "C", 800);
        Pay(book, "D", 300);
        Pay(book, "E", 500);
        Pay(book, "F", 600);
        Pay(book, "G", 1000);
        Pay(book, "J", 5000);
        return book;
    }

    [Fact]
    public void Every_cell_of_a_month_is_its_items_due_and_collected_by_due_month_and_premium_year()
    {
        var grid = Grid(December(), "2026-12-15");

        Assert.Equal(new PeriodKey(PeriodKind.Month, Date("2026-12-01")), grid.Month);
        // This month: A; B; C + D = 2,000 due, 800 + 300 = 1,100 collected.
        Assert.Equal((3500m, 1750m, 0.5m), Cell(grid, CollectionGridRow.ThisMonth, 2));
        Assert.Equal((1000m, 0m, 0m), Cell(grid, CollectionGridRow.ThisMonth, 3));
        Assert.Equal((2000m, 1100m, 0.55m), Cell(grid, CollectionGridRow.ThisMonth, 4));
        // Last month: E; F; nothing in column 4 (no rate).
        Assert.Equal((2000m, 500m, 0.25m), Cell(grid, CollectionGridRow.LastMonth, 2));
        Assert.Equal((1500m, 600m, 0.4m), Cell(grid, CollectionGridRow.LastMonth, 3));
        Assert.Equal((0m, 0m, (decimal?)null), Cell(grid, CollectionGridRow.LastMonth, 4));
        // Grace ending: G; F again; H.
        Assert.Equal((4000m, 1000m, 0.25m), Cell(grid, CollectionGridRow.GraceEnding, 2));
        Assert.Equal((1500m, 600m, 0.4m), Cell(grid, CollectionGridRow.GraceEnding, 3));
        Assert.Equal((2500m, 0m, 0m), Cell(grid, CollectionGridRow.GraceEnding, 4));
    }

    [Fact]
    public void The_month_before_follows_into_the_previous_year_and_grace_ending_follows_the_grace_days()
    {
        var grid = Grid(December(), "2027-01-01");

        // January 2027: K this month; A, B, C, D due in December; grace ending in January: due 2 Nov … 2 Dec
        // (2 Nov + 60 = 1 Jan, 2 Dec + 60 = 31 Jan): only E.
        Assert.Equal((700m, 0m, 0m), Cell(grid, CollectionGridRow.ThisMonth, 2));
        Assert.Equal((0m, 0m, (decimal?)null), Cell(grid, CollectionGridRow.ThisMonth, 3));
        Assert.Equal((3500m, 1750m, 0.5m), Cell(grid, CollectionGridRow.LastMonth, 2));
        Assert.Equal((1000m, 0m, 0m), Cell(grid, CollectionGridRow.LastMonth, 3));
        Assert.Equal((2000m, 1100m, 0.55m), Cell(grid, CollectionGridRow.LastMonth, 4));
        Assert.Equal((2000m, 500m, 0.25m), Cell(grid, CollectionGridRow.GraceEnding, 2)); // A's grace ends 3 Feb
        Assert.Equal((0m, 0m, (decimal?)null), Cell(grid, CollectionGridRow.GraceEnding, 3));
        Assert.Equal((0m, 0m, (decimal?)null), Cell(grid, CollectionGridRow.GraceEnding, 4));
    }

    [Fact]
    public void With_30_grace_days_items_due_last_month_are_also_the_ones_whose_grace_ends_this_month()
    {
        var book = new RenewalBook(graceDays: 30);
        // 15 Nov + 30 = 15 Dec (both rows); 31 Oct + 30 = 30 Nov (neither); 2 Nov + 30 = 2 Dec (both).
        book.Upsert([Due("P1", "2026-11-15", 1000, 2), Due("P2", "2026-10-31", 400, 2), Due("P3", "2026-11-02", 600, 3)]);
        Pay(book, "P1", 250);

        var grid = Grid(book, "2026-12-01");

        Assert.Equal((1000m, 250m, 0.25m), Cell(grid, CollectionGridRow.LastMonth, 2));
        Assert.Equal((1000m, 250m, 0.25m), Cell(grid, CollectionGridRow.GraceEnding, 2));
        Assert.Equal((600m, 0m, 0m), Cell(grid, CollectionGridRow.LastMonth, 3));
        Assert.Equal((600m, 0m, 0m), Cell(grid, CollectionGridRow.GraceEnding, 3));
    }

    [Fact]
    public void A_grid_without_items_has_nine_empty_cells_without_rates()
    {
        var grid = CollectionGrid.Of(Date("2026-12-01"), []);

        foreach (var row in CollectionGrid.Rows)
        {
            foreach (var column in CollectionGrid.Columns) Assert.Equal((0m, 0m, (decimal?)null), Cell(grid, row, column));
        }
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    [InlineData(100, 4)]
    public void Premium_years_from_the_fourth_share_the_last_column_and_the_first_year_has_none(int policyYear, int? column) =>
        Assert.Equal(column, CollectionGrid.ColumnOf(policyYear));
}
