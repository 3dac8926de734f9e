using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>
/// What the pages say across a server restart: "live" only once every watched topic is subscribed again, and
/// no move marks for agents that only fell back into a tie (the new process starts empty).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RestartTests(BrowserFixture fx)
{
    [Fact]
    public async Task After_a_restart_the_display_is_live_only_once_subscribed_and_marks_no_moves_for_a_tie()
    {
        var org = TestOrg.SmallBranch();
        await fx.SetUpAsync(org);
        await fx.PostEventsAsync(org.Policy(1, 1000m), org.Policy(2, 500m));
        var screen = await fx.OpenAsync($"/display.html?branch={org.Branch}&lang=en", 1280, 720);
        await screen.WaitLiveAsync();
        await screen.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(2)}\"][data-value=\"500\"]");
        Assert.Equal("3", await screen.ByTestId($"rank-{org.Agent(5)}").TextContentAsync()); // ranks 1, 2, then 3 shared

        await fx.StopHostAsync(screen);

        // The new process does not know the branch yet: the socket opens, the board is refused. Not live.
        await fx.Host.StartAsync();
        await Assertions.Expect(screen.ByTestId("message")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal("reconnecting", await screen.ByTestId("status").GetAttributeAsync("data-state"));
        Assert.Equal("Reconnecting…", (await screen.ByTestId("status").TextContentAsync())!.Trim());

        // Once the branch is known again the board is subscribed, and only then live.
        await fx.SetUpAsync(org);
        await screen.WaitLiveAsync(30_000);
        await screen.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(1)}\"][data-value=\"0\"]", new() { Timeout = 10_000 });
        await Assertions.Expect(screen.ByTestId("message")).ToBeHiddenAsync();

        // Everyone is at 0 and shares rank 1: rank numbers fell for agents 2 to 5, but nobody passed anybody.
        for (var n = 1; n <= 5; n++)
        {
            Assert.Equal("1", await screen.ByTestId($"rank-{org.Agent(n)}").TextContentAsync());
            Assert.Equal("", await screen.ByTestId($"move-{org.Agent(n)}").TextContentAsync());
        }

        // A real pass still shows: agent 4 takes the lead, then agent 3 passes agent 4.
        await fx.PostEventsAsync(org.Policy(4, 300m));
        await screen.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(4)}\"][data-value=\"300\"]", new() { Timeout = 3000 });
        await fx.PostEventsAsync(org.Policy(3, 700m));
        await screen.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(3)}\"][data-value=\"700\"]", new() { Timeout = 3000 });
        Assert.Equal("▲1", await screen.ByTestId($"move-{org.Agent(3)}").TextContentAsync());
        Assert.Equal("", await screen.ByTestId($"move-{org.Agent(1)}").TextContentAsync());
        screen.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_leaderboard_page_shares_the_connection_and_is_not_live_while_its_board_is_refused()
    {
        var org = TestOrg.SmallBranch();
        await fx.SetUpAsync(org);
        await fx.PostEventsAsync(org.Policy(1, 1000m));
        var page = await fx.OpenAsync($"/?branch={org.Branch}", 1280, 720);
        await page.WaitLiveAsync();
        await page.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(1)}\"][data-value=\"1000\"]");

        await fx.StopHostAsync(page);
        await fx.Host.StartAsync();
        await Assertions.Expect(page.ByTestId("message")).ToContainTextAsync("Could not subscribe", new() { Timeout = 30_000 });
        Assert.Equal("reconnecting", await page.ByTestId("status").GetAttributeAsync("data-state"));

        await fx.SetUpAsync(org);
        await fx.PostEventsAsync(org.Policy(2, 2000m));
        await page.WaitLiveAsync(30_000);
        // The restarted server counts versions anew: its snapshot is shown all the same.
        await page.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(2)}\"][data-value=\"2000\"]", new() { Timeout = 10_000 });
        Assert.Equal("Live", (await page.ByTestId("status").TextContentAsync())!.Trim());
        page.AssertNoScriptErrors();
    }
}
