using Tracking.Domain.Display;

namespace Tracking.Domain.Tests;

public sealed class DisplayCutTests
{
    private static IReadOnlyList<(int Rank, string Id)> Board(params int[] ranks) =>
        ranks.Select((rank, i) => (rank, $"a{i + 1}")).ToArray();

    private static int[] Ranks(IReadOnlyList<(int Rank, string Id)> entries) => entries.Select(e => e.Rank).ToArray();

    private static IReadOnlyList<(int Rank, string Id)> Cut(IReadOnlyList<(int Rank, string Id)> board, int rankedCount, int top, bool showBottom) =>
        new DisplayPolicy(top, ShowBottom: showBottom).Cut(board, e => e.Rank, rankedCount);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(5, 3)]
    [InlineData(6, 3)]
    [InlineData(7, 4)]
    public void The_half_line_is_half_the_ranked_entries_rounded_up(int rankedCount, int lastRank) =>
        Assert.Equal(lastRank, DisplayCut.HalfLine(rankedCount));

    [Fact]
    public void Top_keeps_at_most_that_many_entries()
    {
        var board = Board(1, 2, 3, 4, 5);
        Assert.Equal([1, 2, 3], Ranks(Cut(board, 5, top: 3, showBottom: true)));
        Assert.Equal([1, 2, 3, 4, 5], Ranks(Cut(board, 5, top: 50, showBottom: true)));
    }

    [Fact]
    public void Without_the_bottom_an_odd_board_shows_its_upper_half_rounded_up()
    {
        Assert.Equal([1, 2, 3], Ranks(Cut(Board(1, 2, 3, 4, 5), 5, top: 50, showBottom: false)));
        Assert.Equal([1], Ranks(Cut(Board(1), 1, top: 50, showBottom: false)));
    }

    [Fact]
    public void Without_the_bottom_an_even_board_shows_exactly_its_upper_half()
    {
        Assert.Equal([1, 2, 3], Ranks(Cut(Board(1, 2, 3, 4, 5, 6), 6, top: 50, showBottom: false)));
        Assert.Equal([1], Ranks(Cut(Board(1, 2), 2, top: 50, showBottom: false)));
    }

    [Fact]
    public void Entries_tied_on_the_half_line_all_stay_and_those_ranked_below_it_go()
    {
        // 6 ranked, line at 3: the three sharing rank 3 stay (rank 3 is not below the line); rank 6 goes.
        Assert.Equal([1, 2, 3, 3, 3], Ranks(Cut(Board(1, 2, 3, 3, 3, 6), 6, top: 50, showBottom: false)));
        // 4 ranked, line at 2: a tie for rank 2 keeps three entries.
        Assert.Equal([1, 2, 2, 2], Ranks(Cut(Board(1, 2, 2, 2), 4, top: 50, showBottom: false)));
        // 5 ranked, line at 3: two share rank 2, the next rank is 4 and goes.
        Assert.Equal([1, 2, 2], Ranks(Cut(Board(1, 2, 2, 4, 5), 5, top: 50, showBottom: false)));
    }

    [Fact]
    public void The_half_line_counts_the_whole_board_not_only_the_entries_in_view()
    {
        // A view of the top 4 of 10 ranked: the line is at 5, so all four stay.
        Assert.Equal([1, 2, 3, 4], Ranks(Cut(Board(1, 2, 3, 4), 10, top: 50, showBottom: false)));
        // A view of the top 4 of 5: the line is at 3.
        Assert.Equal([1, 2, 3], Ranks(Cut(Board(1, 2, 3, 4), 5, top: 50, showBottom: false)));
        // A count below the entries given (not known) is taken as the entries given.
        Assert.Equal([1, 2], Ranks(Cut(Board(1, 2, 3, 4), 0, top: 50, showBottom: false)));
    }

    [Fact]
    public void Top_and_the_half_line_together_keep_the_smaller_part()
    {
        Assert.Equal([1, 2], Ranks(Cut(Board(1, 2, 3, 4, 5, 6, 7, 8), 8, top: 2, showBottom: false)));
        Assert.Equal([1, 2, 3, 4], Ranks(Cut(Board(1, 2, 3, 4, 5, 6, 7, 8), 8, top: 6, showBottom: false)));
    }

    [Fact]
    public void An_empty_board_stays_empty() => Assert.Empty(Cut(Board(), 0, top: 10, showBottom: false));
}
