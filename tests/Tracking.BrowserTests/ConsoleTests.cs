using System.Globalization;
using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>The supervisor console (console.html) in real Chromium against the real host.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture fx)
{
    /// <summary>
    /// Alert rules for a test: nobody behind pace (so only the inactive rule fires), quiet after one working
    /// hour. The branch works around the clock and it is at least 03:00 there, so an agent with no call or
    /// visit today is overdue at once, and one who called just now is not.
    /// </summary>
    private static object InactiveRules(TestOrg org) => new
    {
        rules = new[] { new { scope = "branch", id = org.Branch, behindPace = new { enabled = false }, inactive = new { enabled = true, workingHours = 1 } } },
    };

    [Fact]
    public async Task The_supervisor_acknowledges_an_alert_and_every_console_of_the_team_sees_it()
    {
        var org = new TestOrg("福田营业部", ["一组"], ("王芳", 1), ("李娜", 1));
        await fx.SetUpAsync(org, org.Standards());
        await fx.PostEventsAsync(org.Call(1), org.Visit(1)); // agent 1 was busy just now; agent 2 has done nothing today
        var supervisor = await fx.OpenAsync($"/console.html?team={org.Team(1)}", 1280, 720);
        var colleague = await fx.OpenAsync($"/console.html?team={org.Team(1)}&lang=en", 1280, 720);
        await supervisor.WaitLiveAsync();
        await colleague.WaitLiveAsync();

        await fx.PutAsync("/api/v1/alert-rules", InactiveRules(org));
        var item = supervisor.Page.Locator("[data-testid=alert-list] li[data-status=open][data-rule=inactive]");
        await item.First.WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal(1, await item.CountAsync());
        var testId = (await item.GetAttributeAsync("data-testid"))!;
        var alertId = testId["alert-".Length..];
        await Assertions.Expect(item).ToContainTextAsync("李娜");
        await Assertions.Expect(item).ToContainTextAsync("未活动");
        await Assertions.Expect(supervisor.ByTestId("alert-count")).ToHaveTextAsync("1 条待处理");
        var other = colleague.ByTestId(testId);
        await Assertions.Expect(other).ToHaveAttributeAsync("data-status", "open");
        await Assertions.Expect(other).ToContainTextAsync("No call or visit");

        await supervisor.ByTestId($"ack-{alertId}").ClickAsync();
        await Assertions.Expect(supervisor.ByTestId(testId)).ToHaveAttributeAsync("data-status", "acknowledged");
        await Assertions.Expect(supervisor.ByTestId($"ack-{alertId}")).ToHaveCountAsync(0);
        await Assertions.Expect(supervisor.ByTestId("alert-count")).ToHaveTextAsync("");

        // The server has it acknowledged, and the other console got the change pushed (no reload).
        var open = (await fx.GetAsync($"/api/v1/teams/{org.Team(1)}/alerts?status=open"))!.AsArray();
        Assert.DoesNotContain(open, a => (string?)a!["alertId"] == alertId);
        var all = (await fx.GetAsync($"/api/v1/teams/{org.Team(1)}/alerts?status=all"))!.AsArray();
        Assert.Equal("acknowledged", (string?)all.Single(a => (string?)a!["alertId"] == alertId)!["status"]);
        await Assertions.Expect(other).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = 2000 });
        await Assertions.Expect(colleague.ByTestId($"ack-{alertId}")).ToHaveCountAsync(0);

        // The agent gets going: the alert resolves and leaves both consoles.
        await fx.PostEventsAsync(org.Call(2));
        await Assertions.Expect(supervisor.ByTestId(testId)).ToHaveCountAsync(0, new() { Timeout = 5000 });
        await Assertions.Expect(colleague.ByTestId(testId)).ToHaveCountAsync(0, new() { Timeout = 5000 });
        supervisor.AssertNoScriptErrors();
        colleague.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Progress_bars_with_pace_markers_for_every_member_and_the_fyp_trend_against_the_plan()
    {
        var org = new TestOrg("福田营业部", ["一组", "二组"], ("王芳", 1), ("李娜", 1), ("张伟", 2));
        await fx.SetUpAsync(org, org.Standards(fypMonth: 60000m));
        var events = new List<object> { org.Call(1), org.Call(1), org.Call(1), org.Call(1), org.Visit(1), org.Policy(1, 6000m), org.Call(2), org.Policy(3, 999m) };
        if (org.EarlierThisMonth(1) is { } first) events.Add(org.Policy(2, 4000m, first));
        await fx.PostEventsAsync([.. events]);

        var screen = await fx.OpenAsync($"/console.html?team={org.Team(1)}&lang=en", 1920, 1080);
        await screen.WaitLiveAsync();
        await Assertions.Expect(screen.ByTestId("team")).ToHaveTextAsync("一组");
        await Assertions.Expect(screen.ByTestId("branch")).ToHaveTextAsync("福田营业部");

        // Members come from the branch board filtered by team: agents 1 and 2, not agent 3 of the other team.
        var calls = screen.ByTestId($"bar-{org.Agent(1)}-day-calls");
        await calls.WaitForAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(screen.ByTestId($"agent-{org.Agent(2)}")).ToBeVisibleAsync();
        Assert.Equal(0, await screen.ByTestId($"agent-{org.Agent(3)}").CountAsync());
        Assert.Equal(0.5, double.Parse((await calls.GetAttributeAsync("data-attainment"))!, CultureInfo.InvariantCulture), 3);
        await Assertions.Expect(calls).ToContainTextAsync("4 / 8");
        var expected = double.Parse((await calls.GetAttributeAsync("data-expected"))!, CultureInfo.InvariantCulture);
        Assert.InRange(expected, 0.1, 0.9); // mid-day in the branch's zone
        await Assertions.Expect(screen.ByTestId($"marker-{org.Agent(1)}-day-calls")).ToBeVisibleAsync();
        foreach (var bar in new[] { "week-visits", "week-proactiveVisits", "month-policies", "month-fyp" })
            await Assertions.Expect(screen.ByTestId($"bar-{org.Agent(1)}-{bar}")).ToBeVisibleAsync();
        await Assertions.Expect(screen.ByTestId($"bar-{org.Agent(1)}-month-fyp")).ToContainTextAsync("¥6,000 / ¥60,000");

        // The team row: the team's figures against the sum of its members' standards.
        var teamCalls = screen.ByTestId("bar-team-day-calls");
        await Assertions.Expect(teamCalls).ToContainTextAsync("5 / 16");

        // Trend: cumulative FYP of the month against the plan line (the members' month FYP targets).
        await Assertions.Expect(screen.ByTestId("trend-plan")).ToHaveCountAsync(1);
        await Assertions.Expect(screen.ByTestId("trend-actual")).ToHaveCountAsync(1);
        var monthFyp = org.EarlierThisMonth(1) is null ? "6000" : "10000";
        await Assertions.Expect(screen.ByTestId("trend-actual-value")).ToHaveAttributeAsync("data-value", monthFyp);
        await Assertions.Expect(screen.ByTestId("trend-legend")).ToContainTextAsync("Month plan ¥120,000");

        // Live: a new call moves the bar without a reload.
        await fx.PostEventsAsync(org.Call(1), org.Call(1));
        await Assertions.Expect(screen.ByTestId($"bar-{org.Agent(1)}-day-calls")).ToContainTextAsync("6 / 8", new() { Timeout = 5000 });
        await Assertions.Expect(screen.ByTestId("bar-team-day-calls")).ToContainTextAsync("7 / 16", new() { Timeout = 5000 });
        await screen.AssertNoScrollbarsAsync();
        screen.AssertNoScriptErrors();
    }
}
