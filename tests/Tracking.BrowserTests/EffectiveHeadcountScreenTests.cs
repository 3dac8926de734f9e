using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>The branch's quarter stars on the office display and the team's effective headcount on the console.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EffectiveHeadcountScreenTests(BrowserFixture fx)
{
    /// <summary>The test org's branch again, with its own star bands (a branch is replaced as a whole).</summary>
    private static object BranchWithBands(TestOrg org, params object[] starBands) => new
    {
        branches = new[]
        {
            new
            {
                id = org.Branch, name = org.BranchName, timeZone = org.TimeZone,
                workingDays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" },
                workingHours = new { start = "00:00", end = "23:59" },
                starBands,
            },
        },
    };

    [Fact]
    public async Task The_display_shows_the_quarters_stars_once_the_branch_earns_them()
    {
        var org = TestOrg.SmallBranch();
        await fx.SetUpAsync(org);
        // One effective agent in one month of the quarter averages at least 1/3 over the months so far.
        await fx.PutAsync("/api/v1/org", BranchWithBands(org, new { stars = 4, minEffective = 0.3 }));
        var screen = await fx.OpenAsync($"/display.html?branch={org.Branch}");
        await screen.WaitLiveAsync();
        await Assertions.Expect(screen.ByTestId("stars")).ToBeHiddenAsync();
        await Assertions.Expect(screen.ByTestId("stars")).ToHaveAttributeAsync("data-stars", "0");

        await fx.PostEventsAsync(org.Policy(1, 8000m));
        await Assertions.Expect(screen.ByTestId("stars")).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Assertions.Expect(screen.ByTestId("stars")).ToHaveTextAsync("★★★★ 四星职场");

        // Opened afresh (in English), the snapshot already carries the stars.
        var english = await fx.OpenAsync($"/display.html?branch={org.Branch}&lang=en", 1280, 720);
        await english.WaitLiveAsync();
        await Assertions.Expect(english.ByTestId("stars")).ToHaveTextAsync("★★★★ 4-star branch");
        await english.AssertInViewportAsync("stars");
        screen.AssertNoScriptErrors();
        english.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_console_shows_the_teams_effective_headcount_this_month()
    {
        var org = new TestOrg("福田营业部", ["一组"], ("王芳", 1), ("李娜", 1), ("张伟", 1));
        await fx.SetUpAsync(org);
        await fx.PostEventsAsync(org.Policy(1, 5000m));
        var console = await fx.OpenAsync($"/console.html?team={org.Team(1)}", 1280, 720);
        await console.WaitLiveAsync();
        await Assertions.Expect(console.ByTestId("effective")).ToHaveTextAsync("本月有效人力 1 人", new() { Timeout = 5000 });

        // A second agent sells: the team topic pushes the month's new count.
        await fx.PostEventsAsync(org.Policy(2, 3000m), org.Call(3));
        await Assertions.Expect(console.ByTestId("effective")).ToHaveTextAsync("本月有效人力 2 人", new() { Timeout = 5000 });
        await Assertions.Expect(console.ByTestId("effective")).ToHaveAttributeAsync("data-value", "2");
        await console.AssertInViewportAsync("effective");
        console.AssertNoScriptErrors();
    }
}
