using System.Globalization;
using Tracking.Domain.Renewals;

namespace Tracking.Abstractions.Contracts;

/// <summary>
/// One due item as the renewal lists show it: what is due, what is collected, and where it stands on the
/// branch-local day it was read (<see cref="DaysLeft"/> to the grace end; negative once lapsed).
/// </summary>
[GenerateSerializer, Alias("tracking.renewal-item-view")]
public sealed record RenewalItemView(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] int PolicyYear,
    [property: Id(5)] decimal Collected,
    [property: Id(6)] DateOnly GraceEndsOn,
    [property: Id(7)] int DaysLeft,
    [property: Id(8)] string Status);

/// <summary><c>PUT /api/v1/renewals/due</c>: how many items were stored.</summary>
public sealed record RenewalsDueResponse(int Items);

/// <summary><c>GET /api/v1/teams/{id}/renewals</c>: the due items of the team's agents, earliest due first.</summary>
public sealed record RenewalListView(IReadOnlyList<RenewalItemView> Items);

/// <summary>
/// <c>GET /api/v1/teams/{id}/renewals/grid</c>: the team's collection grid (应收清单 九宫图) of <see cref="Month"/>
/// (YYYY-MM), every row × column cell listed, empty ones with zeros.
/// </summary>
public sealed record RenewalGridView(string Month, IReadOnlyList<string> Rows, IReadOnlyList<int> Columns, IReadOnlyList<RenewalGridCellView> Cells)
{
    public static RenewalGridView Of(CollectionGrid grid)
    {
        var cells = new List<RenewalGridCellView>(CollectionGrid.Rows.Count * CollectionGrid.Columns.Count);
        foreach (var row in CollectionGrid.Rows)
        {
            foreach (var column in CollectionGrid.Columns)
            {
                var cell = grid[row, column];
                cells.Add(new RenewalGridCellView(RowName(row), column, cell.Due, cell.Collected, cell.CollectionRate));
            }
        }
        return new RenewalGridView(grid.Month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            CollectionGrid.Rows.Select(RowName).ToList(), CollectionGrid.Columns, cells);
    }

    public static string RowName(CollectionGridRow row) => row switch
    {
        CollectionGridRow.ThisMonth => "thisMonth",
        CollectionGridRow.LastMonth => "lastMonth",
        _ => "graceEnding",
    };
}

/// <summary>One cell of the collection grid: what its items owe, what of it is collected, and the rate (null when nothing is due).</summary>
public sealed record RenewalGridCellView(string Row, int Column, decimal Due, decimal Collected, decimal? Rate);
