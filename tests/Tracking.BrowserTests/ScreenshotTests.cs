using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>
/// Both screens at 1920x1080 and 1280x720 with a realistic branch: nothing scrolls, nothing is cut off,
/// and a screenshot of each goes to TestResults/screenshots for a person to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fx)
{
    private static readonly (int Width, int Height)[] Sizes = [(1920, 1080), (1280, 720)];

    private static TestOrg Branch() => new("福田营业部", ["一组", "二组", "三组"],
        ("王芳", 1), ("李娜", 1), ("张伟", 1), ("吴磊", 1), ("刘洋", 2), ("欧阳娜娜", 2), ("陈静", 2), ("周杰", 2),
        ("杨光明", 3), ("赵敏", 3), ("Wang Fang", 3), ("黄晓", 3));

    private async Task<TestOrg> SeedAsync()
    {
        var org = Branch();
        await fx.SetUpAsync(org, org.Standards(fypMonth: 60000m), new
        {
            rules = new[] { new { scope = "branch", id = org.Branch, behindPace = new { enabled = true }, inactive = new { enabled = true, workingHours = 1 } } },
        });
        // A team sprint that starts in a moment (a campaign is set up before it starts).
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await fx.PutAsync($"/api/v1/campaigns/{Campaign(org)}", new
        {
            name = "双十二冲刺", metric = "fyp", unit = "team",
            startsAt = startsAt.ToString("O"), endsAt = startsAt.AddDays(3).AddHours(5).ToString("O"),
            participants = new { branchIds = new[] { org.Branch } }, target = 100000,
        });
        var events = new List<object>();
        for (var a = 1; a <= org.AgentCount; a++)
        {
            for (var p = 0; p < a % 4 + 1; p++) events.Add(org.Policy(a, 1800m + 1370m * ((a * 7 + p * 3) % 11)));
            if (a == 4) continue; // no call or visit today: an inactive alert on the console
            for (var c = 0; c < (a * 5) % 9; c++) events.Add(org.Call(a));
            for (var v = 0; v < a % 5; v++) events.Add(org.Visit(a, proactive: v % 2 == 0));
        }
        foreach (var day in new[] { 2, 4, 6, 9, 11, 13, 16, 18, 20, 23, 25, 27 })
        {
            if (org.EarlierThisMonth(day) is not { } at) continue;
            events.Add(org.Policy(1 + day % 4, 2500m + 410m * (day % 7), at));
            events.Add(org.Visit(1 + day % 4, at: at));
        }
        // Renewals of team 1 for the console's panel: due this month, last month and near the end of their grace.
        var today = org.Today;
        await fx.PutAsync("/api/v1/renewals/due", new
        {
            items = new[]
            {
                org.RenewalDue("R1", 1, today, 3600m, 2), org.RenewalDue("R2", 2, today.AddDays(1 - today.Day), 5200m, 3),
                org.RenewalDue("R3", 3, today.AddMonths(-1), 2400m, 2), org.RenewalDue("R4", 4, today.AddMonths(-1).AddDays(-3), 4100m, 4),
                org.RenewalDue("R5", 2, today.AddDays(-55), 2980m, 7), org.RenewalDue("R6", 1, today.AddDays(-50), 1500m, 3),
            },
        });
        events.AddRange([org.Renewal(1, "R1", 1800m, 2), org.Renewal(3, "R3", 2400m, 2), org.Renewal(4, "R4", 1000m, 4), org.Renewal(2, "R2", 5200m, 3)]);
        await fx.PostEventsAsync([.. events]);

        // Sales that occur inside the campaign's window count for it.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((string?)(await fx.GetAsync($"/api/v1/campaigns/{Campaign(org)}/scoreboard"))!["status"] != "running" && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        var inWindow = startsAt.AddSeconds(1.5) - DateTimeOffset.UtcNow;
        if (inWindow > TimeSpan.Zero) await Task.Delay(inWindow);
        await fx.PostEventsAsync(org.Policy(1, 21000m), org.Policy(5, 16000m), org.Policy(9, 12500m), org.Policy(2, 9800m));
        return org;
    }

    private static string Campaign(TestOrg org) => "C" + org.Prefix;

    [Fact]
    public async Task Display_and_console_fit_both_screen_sizes()
    {
        var org = await SeedAsync();
        foreach (var (width, height) in Sizes)
        {
            // Without battle-report banners (they have their own screenshot below).
            var display = await fx.OpenAsync($"/display.html?branch={org.Branch}&campaign={Campaign(org)}&celebrate=0", width, height);
            await display.WaitLiveAsync();
            await display.Page.Locator("[data-testid=rows] > .row").Nth(9).WaitForAsync();
            await display.ByTestId($"teamrow-{org.Team(3)}").WaitForAsync();
            await display.Page.Locator($"[data-testid=\"campaign-row-{org.Team(1)}\"] .value[data-value=\"30800\"]").WaitForAsync(new() { Timeout = 10_000 });
            await display.Page.WaitForTimeoutAsync(900); // entrance transitions
            await display.AssertNoScrollbarsAsync();
            foreach (var id in new[] { "branch", "status", "as-of", "clock", "board", "teams", "campaign" }) await display.AssertInViewportAsync(id);
            await display.AssertInViewportAsync($"row-{org.Agent(12)}");
            await AssertNotTruncatedAsync(display, "[data-testid=rows] .name");
            await display.Page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, $"display-{width}x{height}.png") });
            display.AssertNoScriptErrors();

            var console = await fx.OpenAsync($"/console.html?team={org.Team(1)}", width, height);
            await console.WaitLiveAsync();
            await console.ByTestId($"bar-{org.Agent(4)}-month-fyp").WaitForAsync(new() { Timeout = 10_000 });
            await console.Page.Locator("[data-testid=alert-list] li[data-status=open]").First.WaitForAsync(new() { Timeout = 10_000 });
            await console.ByTestId("trend-actual").WaitForAsync();
            await console.Page.Locator("[data-testid=renewal-list] tr.ritem").First.WaitForAsync(new() { Timeout = 10_000 });
            await console.Page.WaitForTimeoutAsync(700); // bar transitions
            await console.AssertNoScrollbarsAsync();
            foreach (var id in new[] { "team", "status", "as-of", "progress", "alerts", "trend", "trend-legend", "renewals", "renewal-grid" }) await console.AssertInViewportAsync(id);
            await console.AssertInViewportAsync($"agent-{org.Agent(4)}");
            await console.Page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, $"console-{width}x{height}.png") });
            console.AssertNoScriptErrors();
        }

        // A battle report as the office sees it, and privacy mode for a public screen.
        var tv = await fx.OpenAsync($"/display.html?branch={org.Branch}&privacy=1&campaign={Campaign(org)}", 1920, 1080);
        await tv.WaitLiveAsync();
        await tv.Page.Locator("[data-testid=rows] > .row").Nth(4).WaitForAsync();
        await fx.PostEventsAsync(org.Policy(6, 28800m));
        await tv.ByTestId("celebration").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await tv.Page.WaitForTimeoutAsync(900);
        await tv.AssertNoScrollbarsAsync();
        await tv.AssertInViewportAsync("celebration");
        await Assertions.Expect(tv.ByTestId("celebration-text")).ToContainTextAsync("欧阳**");
        await tv.Page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, "display-privacy-celebration-1920x1080.png") });
        tv.AssertNoScriptErrors();
    }

    /// <summary>Names fit their cells (no ellipsis) at this size.</summary>
    private static async Task AssertNotTruncatedAsync(Screen screen, string selector)
    {
        var cut = await screen.Page.EvaluateAsync<string[]>(
            "(sel) => Array.from(document.querySelectorAll(sel)).filter(n => n.scrollWidth > n.clientWidth + 1).map(n => n.textContent)", selector);
        Assert.True(cut.Length == 0, "names cut off: " + string.Join(", ", cut));
    }
}
