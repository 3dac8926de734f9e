using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.BrowserTests;

/// <summary>
/// The pages with an access token in their address (<c>&amp;access_token=</c>) against a host with access control on:
/// the token goes to the API as <c>Authorization: Bearer</c> and to the hub, the server shapes what a display token
/// sees, and an expired, refused or out-of-scope token is said on the screen. Tokens are minted here (TestTokens).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessTokenTests(BrowserFixture fx, AccessHost host) : IClassFixture<AccessHost>
{
    /// <summary>A small branch (two teams, five agents) set up on the host by its admin.</summary>
    private async Task<TestOrg> BranchAsync()
    {
        var org = TestOrg.SmallBranch();
        await host.Api.SetUpAsync(org);
        return org;
    }

    /// <summary>A small branch, its display policy when given, and a policy for each agent (agent 1 leads with 500, agent 5 last with 100).</summary>
    private async Task<TestOrg> BranchWithResultsAsync(object? displayPolicy = null)
    {
        var org = await BranchAsync();
        if (displayPolicy is not null) await host.Api.PutAsync($"/api/v1/branches/{org.Branch}/display-policy", displayPolicy);
        await host.Api.PostEventsAsync(org.Policy(1, 500m), org.Policy(2, 400m), org.Policy(3, 300m), org.Policy(4, 200m), org.Policy(5, 100m));
        return org;
    }

    private static string Expired(string sub, string role, string? branch = null, string? team = null) =>
        TestTokens.Mint(sub, [role], branch is null ? null : [branch], team is null ? null : [team],
            lifetime: TimeSpan.FromMinutes(-10), notBefore: DateTimeOffset.UtcNow.AddHours(-2));

    /// <summary>Opens the branch's display with a token and waits until it is live and shows the given agent.</summary>
    private async Task<Screen> OpenDisplayAsync(TestOrg org, string token, int showing, string query = "")
    {
        var screen = await fx.OpenAsync(host.BaseAddress, $"/display.html?branch={org.Branch}{query}&access_token={token}");
        await screen.WaitLiveAsync();
        await screen.ByTestId($"value-{org.Agent(showing)}").WaitForAsync();
        return screen;
    }

    /// <summary>The screen's access notice and its indicator name the problem, in its words.</summary>
    private static async Task AssertNoticeAsync(Screen screen, string problem, params string[] words)
    {
        var notice = screen.ByTestId("access");
        await Assertions.Expect(notice).ToHaveAttributeAsync("data-problem", problem, new() { Timeout = 15_000 });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        foreach (var text in words) await Assertions.Expect(notice).ToContainTextAsync(text);
        await Assertions.Expect(screen.ByTestId("status")).ToHaveAttributeAsync("data-access", problem);
    }

    /// <summary>The token went to the API in the Authorization header, and into no URL but the page's own and the hub's.</summary>
    private static void AssertTokenOnlyWhereItBelongs(Screen screen, string token)
    {
        var api = screen.Requests.Where(r => new Uri(r.Url).AbsolutePath.StartsWith("/api/v1/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(api);
        Assert.All(api, r => Assert.Equal($"Bearer {token}", r.Headers.GetValueOrDefault("authorization")));
        Assert.All(screen.Requests.Where(r => !r.IsNavigationRequest && r.Url.Contains(token, StringComparison.Ordinal)),
            r => Assert.StartsWith("/hubs/tracking", new Uri(r.Url).AbsolutePath, StringComparison.Ordinal));
        Assert.DoesNotContain(screen.ConsoleTexts, text => text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_display_with_a_display_token_shows_the_board_as_the_branch_display_policy_shapes_it()
    {
        var org = await BranchWithResultsAsync(new { top = 3, names = "initial", showBottom = false });
        var token = TestTokens.Display(org.Branch);

        // No privacy parameters: the shaping is the server's.
        var screen = await OpenDisplayAsync(org, token, showing: 3);
        await Assertions.Expect(screen.Page.Locator("[data-testid=rows] > .row")).ToHaveCountAsync(3);
        Assert.Equal("王*", await screen.ByTestId($"name-{org.Agent(1)}").TextContentAsync());
        Assert.Equal("李*", await screen.ByTestId($"name-{org.Agent(2)}").TextContentAsync());
        Assert.Equal("Wang F.", await screen.ByTestId($"name-{org.Agent(3)}").TextContentAsync());
        Assert.Equal(0, await screen.ByTestId($"row-{org.Agent(4)}").CountAsync());
        Assert.Equal(0, await screen.ByTestId($"row-{org.Agent(5)}").CountAsync());
        await Assertions.Expect(screen.ByTestId("branch")).ToHaveTextAsync(org.BranchName); // GET /branches/{id} with the token
        await Assertions.Expect(screen.ByTestId("access")).ToBeHiddenAsync();
        var text = await screen.Page.InnerTextAsync("body");
        foreach (var full in new[] { "王芳", "李娜", "Wang Fang", "欧阳", "张伟", "null" }) Assert.DoesNotContain(full, text);

        // Live with the token: a new policy arrives as a push, shaped too.
        await host.Api.PostEventsAsync(org.Policy(4, 1000m));
        await screen.Page.WaitForSelectorAsync($"[data-testid=\"value-{org.Agent(4)}\"][data-value=\"1200\"]", new() { Timeout = 5000 });
        Assert.Equal("欧阳**", await screen.ByTestId($"name-{org.Agent(4)}").TextContentAsync());
        await Assertions.Expect(screen.Page.Locator("[data-testid=rows] > .row")).ToHaveCountAsync(3);
        AssertTokenOnlyWhereItBelongs(screen, token);
        screen.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Names_the_server_leaves_out_show_as_a_placeholder_never_null()
    {
        // Agent 2 asked not to be named on screens: the server sends its entry with name null, whatever the policy.
        var org = await BranchWithResultsAsync();
        var agent2 = new { id = org.Agent(2), teamId = org.Team(1), name = org.AgentName(2), active = true, effectiveFrom = "2000-01-01T00:00:00+00:00", publicDisplay = false };
        await host.Api.PutAsync("/api/v1/org", new { agents = new[] { agent2 } });
        var token = TestTokens.Display(org.Branch);

        var tv = await OpenDisplayAsync(org, token, showing: 5);
        Assert.Equal("王芳", await tv.ByTestId($"name-{org.Agent(1)}").TextContentAsync());
        Assert.Equal("匿名", await tv.ByTestId($"name-{org.Agent(2)}").TextContentAsync());
        Assert.Equal("2", await tv.ByTestId($"rank-{org.Agent(2)}").TextContentAsync()); // keeps its rank and value
        Assert.Equal("400", await tv.ByTestId($"value-{org.Agent(2)}").GetAttributeAsync("data-value"));

        var board = await fx.OpenAsync(host.BaseAddress, $"/?branch={org.Branch}&access_token={token}", 1280, 720, "en-US");
        await board.WaitLiveAsync();
        await board.ByTestId($"value-{org.Agent(5)}").WaitForAsync();
        Assert.Equal("Anonymous", await board.ByTestId($"name-{org.Agent(2)}").TextContentAsync());

        // Policy "masked": nobody is named.
        await host.Api.PutAsync($"/api/v1/branches/{org.Branch}/display-policy", new { top = 10, names = "masked", showBottom = true });
        var masked = await OpenDisplayAsync(org, token, showing: 5);
        for (var n = 1; n <= 5; n++) Assert.Equal("匿名", await masked.ByTestId($"name-{org.Agent(n)}").TextContentAsync());
        foreach (var screen in new[] { tv, board, masked })
        {
            var text = await screen.Page.InnerTextAsync("body");
            Assert.DoesNotContain("null", text);
            Assert.DoesNotContain(org.Agent(2), text);
            Assert.DoesNotContain("李娜", text);
            screen.AssertNoScriptErrors();
        }
    }

    [Fact]
    public async Task The_console_with_a_supervisor_token_of_the_team_shows_its_team()
    {
        var org = TestOrg.SmallBranch();
        await host.Api.SetUpAsync(org, org.Standards());
        await host.Api.PostEventsAsync(org.Call(1), org.Call(1), org.Call(3));
        var token = TestTokens.Supervisor("sup-1", teams: [org.Team(1)]);

        var screen = await fx.OpenAsync(host.BaseAddress, $"/console.html?team={org.Team(1)}&lang=en&access_token={token}", 1280, 720);
        await screen.WaitLiveAsync();
        await Assertions.Expect(screen.ByTestId("team")).ToHaveTextAsync("一组");
        await Assertions.Expect(screen.ByTestId("branch")).ToHaveTextAsync(org.BranchName);
        var calls = screen.ByTestId($"bar-{org.Agent(1)}-day-calls");
        await calls.WaitForAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(calls).ToContainTextAsync("2 / 8");
        await Assertions.Expect(screen.ByTestId($"agent-{org.Agent(2)}")).ToBeVisibleAsync();
        Assert.Equal(0, await screen.ByTestId($"agent-{org.Agent(3)}").CountAsync());
        await Assertions.Expect(screen.ByTestId("access")).ToBeHiddenAsync();

        // Live with the token: the team's push moves the bar.
        await host.Api.PostEventsAsync(org.Call(1));
        await Assertions.Expect(calls).ToContainTextAsync("3 / 8", new() { Timeout = 5000 });
        AssertTokenOnlyWhereItBelongs(screen, token);
        screen.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_supervisor_token_of_another_team_is_out_of_scope_and_the_console_says_so()
    {
        var org = await BranchAsync();
        var token = TestTokens.Supervisor("sup-2", teams: [org.Team(2)]);

        var screen = await fx.OpenAsync(host.BaseAddress, $"/console.html?team={org.Team(1)}&lang=en&access_token={token}", 1280, 720);
        await AssertNoticeAsync(screen, "forbidden", "out of its scope");
        Assert.NotEqual("live", await screen.ByTestId("status").GetAttributeAsync("data-state"));
        screen.AssertNoScriptErrors();
    }

    [Fact]
    public async Task With_an_expired_token_the_display_and_the_console_say_it_expired()
    {
        var org = await BranchAsync();
        var display = Expired($"tv-{org.Branch}", "display", branch: org.Branch);
        var supervisor = Expired("sup-1", "supervisor", team: org.Team(1));

        var tv = await fx.OpenAsync(host.BaseAddress, $"/display.html?branch={org.Branch}&access_token={display}");
        var console = await fx.OpenAsync(host.BaseAddress, $"/console.html?team={org.Team(1)}&lang=en&access_token={supervisor}", 1280, 720);

        await AssertNoticeAsync(tv, "expired", "访问令牌已于", "过期，请使用新的链接打开此屏幕");
        await Assertions.Expect(tv.ByTestId("status")).ToContainTextAsync("令牌已过期");
        await AssertNoticeAsync(console, "expired", "The access token expired at", "open the screen with a new link");
        await Assertions.Expect(console.ByTestId("status")).ToContainTextAsync("Token expired");

        // Nothing of the branch or the team reached the screens.
        Assert.Equal(0, await tv.Page.Locator("[data-testid=rows] > .row").CountAsync());
        Assert.Equal(0, await console.Page.Locator("[data-testid^=agent-]").CountAsync());
        AssertTokenOnlyWhereItBelongs(tv, display);
        AssertTokenOnlyWhereItBelongs(console, supervisor);
        tv.AssertNoScriptErrors();
        console.AssertNoScriptErrors();
    }

    [Fact]
    public async Task When_the_token_expires_on_a_live_display_the_server_closes_the_hub_and_the_display_says_so()
    {
        var org = await BranchWithResultsAsync();
        // Long enough for a loaded machine to open the display live before the token expires.
        var lifetime = TimeSpan.FromSeconds(12);
        var token = TestTokens.Mint($"tv-{org.Branch}", ["display"], [org.Branch], lifetime: lifetime);
        var expires = DateTimeOffset.UtcNow + lifetime;

        var tv = await OpenDisplayAsync(org, token, showing: 1, "&lang=en");
        await Assertions.Expect(tv.ByTestId("access")).ToBeHiddenAsync();

        // The server closes the connection at expiry; the page reconnects, which the hub refuses with 401 (the clock
        // skew forgives requests, not live connections). From then on the page says so, for good.
        var refusedFrom = expires + TimeSpan.FromSeconds(3) - DateTimeOffset.UtcNow;
        await Task.Delay(refusedFrom);
        await AssertNoticeAsync(tv, "expired", "The access token expired at");
        await Task.Delay(3000);
        await Assertions.Expect(tv.ByTestId("access")).ToHaveAttributeAsync("data-problem", "expired");
        Assert.NotEqual("live", await tv.ByTestId("status").GetAttributeAsync("data-state"));
        tv.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Without_a_token_the_screen_says_it_needs_one()
    {
        var org = await BranchAsync();

        var tv = await fx.OpenAsync(host.BaseAddress, $"/display.html?branch={org.Branch}&lang=en");
        await AssertNoticeAsync(tv, "missing", "This screen needs an access token");
        await Assertions.Expect(tv.ByTestId("status")).ToContainTextAsync("Token needed");
        tv.AssertNoScriptErrors();
    }
}
