using Tracking.Abstractions.Contracts;
using Tracking.Api.Access;
using Tracking.Domain.Display;

namespace Tracking.IntegrationTests.Api;

/// <summary>What a display screen receives of a payload under its branch's display policy (<see cref="DisplayViews.ShapeForDisplay"/>).</summary>
public sealed class DisplayViewsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));

    private static LeaderboardView Board(string scope, int rankedCount, params LeaderboardEntryView[] entries) =>
        new("SZ01", "fyp", new PeriodView("day", At.Date, At.Date.AddDays(1)), scope, 7, At, entries, "leaderboard:SZ01:fyp:day:" + scope, rankedCount);

    private static LeaderboardEntryView Agent(int rank, string name, decimal value, bool hidden = false) =>
        new(rank, "a-" + name, name, "T1", value, hidden);

    private static CampaignScoreboardView Scoreboard(string unit, params CampaignEntryView[] entries) =>
        new("C1", "Sprint", "fyp", unit, "absolute", "running", false, At, At.AddHours(2), At.AddHours(3), 3, At, null, 3600, null, entries,
            "campaign:C1", entries.Length);

    private static LeaderboardView Shaped(LeaderboardView board, DisplayPolicy policy) =>
        Assert.IsType<LeaderboardView>(DisplayViews.ShapeForDisplay(board, policy));

    [Fact]
    public void A_leaderboard_keeps_at_most_top_entries_with_names_shaped()
    {
        var board = Board("agents", 3, Agent(1, "欧阳娜娜", 900m), Agent(2, "Emma Clarke", 500m), Agent(3, "王芳", 100m));

        var shown = Shaped(board, new DisplayPolicy(2, NameDisplay.Initial));

        Assert.Equal([(1, "欧阳**", 900m), (2, "Emma C.", 500m)], shown.Entries.Select(e => (e.Rank, e.Name, e.Value)));
        Assert.Equal((board.Topic, board.Version, board.Period), (shown.Topic, shown.Version, shown.Period));
        Assert.Equal(3, board.Entries.Count); // the original is untouched
        Assert.Equal("欧阳娜娜", board.Entries[0].Name);
    }

    [Fact]
    public void Without_the_bottom_a_leaderboard_shows_only_the_upper_half_of_the_whole_board()
    {
        // The view lists the top 4 of 7 ranked: the line is at rank 4, so all four stay.
        var topOfSeven = Board("agents", 7, Agent(1, "A", 9m), Agent(2, "B", 8m), Agent(3, "C", 7m), Agent(4, "D", 6m));
        Assert.Equal([1, 2, 3, 4], Shaped(topOfSeven, new DisplayPolicy(ShowBottom: false)).Entries.Select(e => e.Rank));

        // The whole board of 4, with a tie on the line at rank 2: both tied stay, rank 4 goes.
        var whole = Board("agents", 4, Agent(1, "A", 9m), Agent(2, "B", 8m), Agent(2, "C", 8m), Agent(4, "D", 6m));
        Assert.Equal(["A", "B", "C"], Shaped(whole, new DisplayPolicy(ShowBottom: false)).Entries.Select(e => e.Name));
    }

    [Theory]
    [InlineData(NameDisplay.Full)]
    [InlineData(NameDisplay.Initial)]
    [InlineData(NameDisplay.Masked)]
    public void A_private_agent_keeps_rank_and_value_and_has_no_name_whatever_the_policy(NameDisplay names)
    {
        var board = Board("agents", 2, Agent(1, "王芳", 900m, hidden: true), Agent(2, "张伟", 500m));

        var shown = Shaped(board, new DisplayPolicy(Names: names));

        Assert.Equal((1, "a-王芳", null, 900m), (shown.Entries[0].Rank, shown.Entries[0].Id, shown.Entries[0].Name, shown.Entries[0].Value));
        Assert.Equal(DisplayNames.Shape("张伟", names), shown.Entries[1].Name);
    }

    [Fact]
    public void Masked_names_are_null_for_agents_and_team_names_stay()
    {
        var agents = Shaped(Board("agents", 1, Agent(1, "王芳", 900m)), new DisplayPolicy(Names: NameDisplay.Masked));
        Assert.Null(agents.Entries[0].Name);

        var teams = Board("teams", 2, new LeaderboardEntryView(1, "T1", "一组", "T1", 900m), new LeaderboardEntryView(2, "T2", "二组", "T2", 100m));
        var shownTeams = Shaped(teams, new DisplayPolicy(Names: NameDisplay.Masked));
        Assert.Equal(["一组", "二组"], shownTeams.Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_payload_the_policy_leaves_as_it_is_is_returned_itself()
    {
        var board = Board("agents", 2, Agent(1, "王芳", 900m), Agent(2, "张伟", 500m));
        Assert.Same(board, DisplayViews.ShapeForDisplay(board, DisplayPolicy.Default));

        var stats = new BranchLiveView("branch:SZ01", "SZ01", 1, At);
        Assert.Same(stats, DisplayViews.ShapeForDisplay(stats, new DisplayPolicy(1, NameDisplay.Masked, false)));
    }

    [Fact]
    public void A_campaign_scoreboard_is_cut_and_its_agents_names_shaped()
    {
        var scoreboard = Scoreboard("agent",
            new CampaignEntryView(1, "a1", "Mary Ann Lee", 900m, null, null),
            new CampaignEntryView(2, "a2", "司马相如", 500m, null, null, NameHidden: true),
            new CampaignEntryView(3, "a3", "王芳", 100m, null, null),
            new CampaignEntryView(4, "a4", "张伟", 0m, null, null));

        var shown = Assert.IsType<CampaignScoreboardView>(DisplayViews.ShapeForDisplay(scoreboard, new DisplayPolicy(10, NameDisplay.Initial, false)));

        Assert.Equal([(1, "Mary L."), (2, null)], shown.Entries.Select(e => (e.Rank, e.Name)));
        Assert.Equal(500m, shown.Entries[1].Value);
        Assert.Equal((scoreboard.CampaignId, scoreboard.Status, scoreboard.Topic), (shown.CampaignId, shown.Status, shown.Topic));
    }

    [Fact]
    public void A_team_scoreboard_keeps_its_team_names()
    {
        var scoreboard = Scoreboard("team", new CampaignEntryView(1, "T1", "一组", 900m, null, null), new CampaignEntryView(2, "T2", "二组", 500m, null, null));
        var shown = Assert.IsType<CampaignScoreboardView>(DisplayViews.ShapeForDisplay(scoreboard, new DisplayPolicy(Names: NameDisplay.Masked)));
        Assert.Equal(["一组", "二组"], shown.Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_celebration_names_its_agent_as_the_policy_says_and_a_private_agent_not_at_all()
    {
        var sale = new CelebrationView("SZ01", "a1", "欧阳娜娜", "policy", 12000m, At, 5, "branch:SZ01");

        Assert.Equal("欧阳**", Assert.IsType<CelebrationView>(DisplayViews.ShapeForDisplay(sale, new DisplayPolicy(Names: NameDisplay.Initial))).Name);
        Assert.Null(Assert.IsType<CelebrationView>(DisplayViews.ShapeForDisplay(sale, new DisplayPolicy(Names: NameDisplay.Masked))).Name);
        Assert.Same(sale, DisplayViews.ShapeForDisplay(sale, DisplayPolicy.Default));

        var privateSale = sale with { NameHidden = true };
        var shown = Assert.IsType<CelebrationView>(DisplayViews.ShapeForDisplay(privateSale, DisplayPolicy.Default));
        Assert.Equal((null, "a1", 12000m, 5L), (shown.Name, shown.AgentId, shown.Value, shown.Version));

        var agentWon = sale with { Kind = "campaignWon", Unit = "agent", CampaignId = "C1" };
        Assert.Equal("欧阳**", Assert.IsType<CelebrationView>(DisplayViews.ShapeForDisplay(agentWon, new DisplayPolicy(Names: NameDisplay.Initial))).Name);
        var teamWon = new CelebrationView("SZ01", "T1", "一组", "campaignWon", 900m, At, Unit: "team", CampaignId: "C1");
        Assert.Same(teamWon, DisplayViews.ShapeForDisplay(teamWon, new DisplayPolicy(Names: NameDisplay.Masked)));
    }
}
