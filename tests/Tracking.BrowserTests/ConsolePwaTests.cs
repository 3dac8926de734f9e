using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tracking.BrowserTests.Infrastructure;

namespace Tracking.BrowserTests;

/// <summary>
/// The supervisor console as an installable app on a phone: the layout at 390×844, the web app manifest and
/// its icons, the service worker (a push becomes a notification that opens the console at the alert) and the
/// "enable notifications" control. The server's Web Push endpoints are intercepted in the browser, so these
/// tests do not depend on them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsolePwaTests(BrowserFixture fx)
{
    /// <summary>A P-256 public key as the server sends it (65 bytes, uncompressed point, base64url).</summary>
    private static readonly byte[] VapidKey = [4, .. Enumerable.Range(1, 64).Select(i => (byte)i)];

    /// <summary>
    /// A push service stand-in: headless Chromium has no push service to subscribe with, so the page's
    /// PushManager answers with a fixed subscription and notes what it was asked.
    /// </summary>
    private const string FakePushManager = """
        (() => {
          if (typeof PushManager === 'undefined') return;
          let current = null;
          window.__subscribeCalls = [];
          PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
          PushManager.prototype.subscribe = function (options) {
            window.__subscribeCalls.push({ userVisibleOnly: options.userVisibleOnly, key: Array.from(new Uint8Array(options.applicationServerKey)) });
            current = {
              endpoint: 'https://push.example/send/browser-test',
              toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'BPUBLIC', auth: 'AUTHSECRET' } }; },
              unsubscribe() { current = null; return Promise.resolve(true); }
            };
            return Promise.resolve(current);
          };
        })();
        """;

    /// <summary>A push message as the server sends it for an alert (the contract's title, body, alertId, teamId, url).</summary>
    private static readonly PushedAlert Alert = new("李娜 · 未活动", "已 2 个工作小时无电话或拜访", "al-42", "T9", "/console.html?team=T9#alert-al-42");

    private sealed record PushedAlert(string title, string body, string alertId, string teamId, string url);

    private static object InactiveAfterAnHour(TestOrg org) => new
    {
        rules = new[] { new { scope = "branch", id = org.Branch, behindPace = new { enabled = false }, inactive = new { enabled = true, workingHours = 1 } } },
    };

    [Fact]
    public async Task On_a_phone_the_console_shows_alerts_first_and_agents_as_cards_without_horizontal_scroll()
    {
        var org = new TestOrg("福田营业部", ["一组"], ("王芳", 1), ("欧阳娜娜", 1), ("张伟", 1));
        await fx.SetUpAsync(org, org.Standards(), InactiveAfterAnHour(org));
        await fx.PostEventsAsync(org.Call(1), org.Visit(1), org.Call(3), org.Policy(1, 5600m)); // agent 2 has done nothing today

        var phone = await fx.OpenAsync($"/console.html?team={org.Team(1)}", 390, 844);
        await phone.WaitLiveAsync();
        await phone.ByTestId($"bar-{org.Agent(1)}-month-fyp").WaitForAsync(new() { Timeout = 10_000 });
        await phone.Page.Locator("[data-testid=alert-list] li[data-status=open]").First.WaitForAsync(new() { Timeout = 10_000 });
        await phone.Page.WaitForTimeoutAsync(700); // bar transitions

        var widths = await phone.Page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[2] && widths[1] <= widths[2], $"scrolls sideways: document {widths[0]}, body {widths[1]}, viewport {widths[2]}");

        // Alerts first, then the progress, then the renewals and the trend; every panel as wide as the screen allows.
        var alerts = await BoxAsync(phone, "alerts");
        var progress = await BoxAsync(phone, "progress");
        var renewals = await BoxAsync(phone, "renewals");
        var trend = await BoxAsync(phone, "trend");
        Assert.True(alerts.Y + alerts.Height <= progress.Y, $"alerts ({alerts.Y}) are not above the progress ({progress.Y})");
        Assert.True(progress.Y + progress.Height <= renewals.Y, "the renewals are not below the progress");
        Assert.True(progress.Y + progress.Height <= trend.Y, "the trend is not below the progress");
        foreach (var box in new[] { alerts, progress, renewals, trend })
            Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"a panel at {box.X}+{box.Width} sticks out of the screen");

        // Each agent a card: one block per agent, the periods stacked inside it and labelled.
        var card = phone.ByTestId($"agent-{org.Agent(2)}");
        Assert.Equal("block", await card.EvaluateAsync<string>("n => getComputedStyle(n).display"));
        var first = await BoxAsync(phone, $"agent-{org.Agent(1)}");
        var second = await BoxAsync(phone, $"agent-{org.Agent(2)}");
        Assert.True(first.Y + first.Height <= second.Y + 0.5, "the agents' cards are not stacked");
        Assert.InRange(second.Width, 300, 390);
        var labels = await card.Locator("td.bars").EvaluateAllAsync<string[]>("ns => ns.map(n => getComputedStyle(n, '::before').content)");
        Assert.Equal(["\"今日\"", "\"本周\"", "\"本月\""], labels);
        Assert.False(await phone.Page.Locator(".ptable thead").IsVisibleAsync());
        await Assertions.Expect(phone.ByTestId("push")).ToBeVisibleAsync();
        await phone.AssertInViewportAsync("push");

        await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(Paths.Screenshots, "console-390x844.png"), FullPage = true });
        phone.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_manifest_names_the_console_and_its_icons_load()
    {
        var screen = await fx.OpenAsync("/console.html?team=T1", 1280, 720);
        var href = await screen.Page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        Assert.Equal("/manifest.webmanifest", href);

        var answer = await screen.Page.APIRequest.GetAsync(href!);
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("application/manifest+json", answer.Headers["content-type"], StringComparison.Ordinal);
        var manifest = JsonNode.Parse(await answer.TextAsync())!;
        Assert.Contains("团队进度", (string?)manifest["name"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)manifest["short_name"]));
        Assert.Equal("/console.html", (string?)manifest["start_url"]);
        Assert.Equal("standalone", (string?)manifest["display"]);
        Assert.Equal("#0b1020", (string?)manifest["background_color"]);
        Assert.Equal("#0b1020", (string?)manifest["theme_color"]);

        var sizes = new List<string>();
        foreach (var icon in manifest["icons"]!.AsArray())
        {
            var size = (string)icon!["sizes"]!;
            sizes.Add(size);
            Assert.Equal("image/png", (string?)icon["type"]);
            var image = await screen.Page.APIRequest.GetAsync((string)icon["src"]!);
            Assert.Equal(200, image.Status);
            Assert.Equal("image/png", image.Headers["content-type"]);
            var png = await image.BodyAsync();
            Assert.Equal(size, $"{ReadUInt32(png, 16)}x{ReadUInt32(png, 20)}"); // the IHDR's width and height
        }
        Assert.Equal(["192x192", "512x512"], sizes);
        screen.AssertNoScriptErrors();
    }

    [Fact]
    public async Task The_service_worker_registers_and_shows_a_pushed_alert_as_a_notification()
    {
        await using var app = await OpenAsync("/console.html?team=T1", grantNotifications: true);
        var page = app.Page;
        var scriptUrl = await page.EvaluateAsync<string>("() => navigator.serviceWorker.ready.then(r => r.active ? r.active.scriptURL : '')");
        Assert.Equal(new Uri(fx.Host.BaseAddress, "/sw.js").ToString(), scriptUrl);

        // A real push event in the real worker, as a push service's message arrives. DevTools' delivery to a worker
        // that is still starting can be dropped; a repeat of the same alert replaces its notification (same tag).
        JsonArray shown = [];
        for (var attempt = 0; attempt < 3 && shown.Count == 0; attempt++)
        {
            await DeliverPushAsync(app.Context, page, JsonSerializer.Serialize(Alert));
            shown = await PollAsync(page, """
                () => navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => JSON.stringify(ns.map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }))))
                """);
        }
        var notification = Assert.Single(shown)!;
        Assert.Equal(Alert.title, (string?)notification["title"]);
        Assert.Equal(Alert.body, (string?)notification["body"]);
        Assert.Equal(Alert.alertId, (string?)notification["tag"]);
        Assert.Equal(new Uri(fx.Host.BaseAddress, Alert.url).ToString(), (string?)notification["url"]);
    }

    /// <summary>
    /// The served worker script's handlers in a stand-in worker scope inside the page (Playwright cannot reach
    /// into a service worker; the script is run with the page's CSP bypassed): a push shows the notification,
    /// a tap opens the console at the alert, or moves an open console of that team there.
    /// </summary>
    [Fact]
    public async Task The_served_worker_script_opens_the_console_at_the_alert_when_its_notification_is_tapped()
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BypassCSP = true, BaseURL = fx.Host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console.html");
        var result = JsonNode.Parse(await page.EvaluateAsync<string>("""
            async (payload) => {
              const log = [];
              const listeners = {};
              const windows = [];
              const scope = {
                location: { origin: location.origin },
                addEventListener: (type, fn) => { listeners[type] = fn; },
                skipWaiting: () => {},
                registration: { showNotification: (title, options) => { log.push({ shown: title, options }); return Promise.resolve(); } },
                clients: {
                  claim: () => Promise.resolve(),
                  matchAll: () => Promise.resolve(windows),
                  openWindow: (url) => { log.push({ opened: url }); return Promise.resolve(null); }
                }
              };
              const source = await (await fetch('/sw.js')).text();
              new Function('self', source)(scope);
              const dispatch = async (type, props) => {
                const waits = [];
                listeners[type](Object.assign({ waitUntil: (p) => waits.push(p) }, props));
                await Promise.all(waits);
              };
              await dispatch('push', { data: { json: () => payload } });
              const options = log[0].options;
              let closed = false;
              await dispatch('notificationclick', { notification: { data: options.data, close: () => { closed = true; } } });
              // A console of that team already open: it is moved to the alert and focused instead.
              windows.push({ url: location.origin + '/console.html?team=' + payload.teamId, navigate: (url) => { log.push({ navigated: url }); return Promise.resolve({ focus: () => { log.push({ focused: true }); return Promise.resolve(); } }); } });
              await dispatch('notificationclick', { notification: { data: options.data, close: () => {} } });
              return JSON.stringify({ listeners: Object.keys(listeners).sort(), closed, log });
            }
            """, Alert))!;
        Assert.Equal(["activate", "install", "notificationclick", "push"], result["listeners"]!.AsArray().Select(n => (string)n!));
        var log = result["log"]!.AsArray();
        var url = new Uri(fx.Host.BaseAddress, Alert.url).ToString();
        Assert.Equal(Alert.title, (string?)log[0]!["shown"]);
        Assert.Equal(Alert.alertId, (string?)log[0]!["options"]!["tag"]);
        Assert.True((bool)result["closed"]!);
        Assert.Equal(url, (string?)log[1]!["opened"]);
        Assert.Equal(url, (string?)log[2]!["navigated"]);
        Assert.True((bool)log[3]!["focused"]!);
        Assert.Equal(4, log.Count);
    }

    [Fact]
    public async Task Enable_notifications_subscribes_with_the_servers_key_and_posts_the_subscription()
    {
        await using var app = await OpenAsync("/console.html?team=T1&access_token=supervisor-token", grantNotifications: true, FakePushManager);
        var page = app.Page;
        var posted = new TaskCompletionSource<(string? Body, string? ContentType, string? Authorization)>();
        await page.RouteAsync("**/api/v1/push/vapid-public-key", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { publicKey = Convert.ToBase64String(VapidKey).TrimEnd('=').Replace('+', '-').Replace('/', '_') }),
        }));
        await page.RouteAsync("**/api/v1/push-subscriptions", async route =>
        {
            var headers = route.Request.Headers;
            posted.TrySetResult((route.Request.PostData, headers.GetValueOrDefault("content-type"), headers.GetValueOrDefault("authorization")));
            await route.FulfillAsync(new() { Status = 201, ContentType = "application/json", Body = """{"id":"sub-1"}""" });
        });

        var control = page.Locator("[data-testid=push]");
        await Assertions.Expect(control).ToHaveAttributeAsync("data-state", "off");
        await Assertions.Expect(control).ToHaveTextAsync("开启通知");
        await control.ClickAsync();
        await Assertions.Expect(control).ToHaveAttributeAsync("data-state", "on", new() { Timeout = 10_000 });
        await Assertions.Expect(control).ToHaveTextAsync("通知已开启");

        var (body, contentType, authorization) = await posted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("""{"endpoint":"https://push.example/send/browser-test","keys":{"p256dh":"BPUBLIC","auth":"AUTHSECRET"}}""", body);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal("Bearer supervisor-token", authorization);
        var calls = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.__subscribeCalls)"))!.AsArray();
        Assert.Single(calls);
        Assert.True((bool)calls[0]!["userVisibleOnly"]!);
        Assert.Equal(VapidKey, calls[0]!["key"]!.AsArray().Select(b => (byte)(int)b!).ToArray());
    }

    [Fact]
    public async Task The_control_says_blocked_when_notifications_are_refused_and_is_hidden_without_web_push()
    {
        await using var app = await OpenAsync("/console.html?team=T1&lang=en", grantNotifications: false, FakePushManager);
        var page = app.Page;
        await page.EvaluateAsync("() => { Notification.requestPermission = () => Promise.resolve('denied'); }");
        var control = page.Locator("[data-testid=push]");
        await Assertions.Expect(control).ToHaveTextAsync("Enable notifications");
        await control.ClickAsync();
        await Assertions.Expect(control).ToHaveAttributeAsync("data-state", "blocked");
        await Assertions.Expect(control).ToHaveTextAsync("Notifications blocked");
        await Assertions.Expect(control).ToBeDisabledAsync();

        await using var bare = await OpenAsync("/console.html?team=T1", grantNotifications: false, "delete window.PushManager;");
        var barePage = bare.Page;
        await barePage.WaitForFunctionAsync("() => document.querySelector('[data-testid=status]').dataset.state !== 'idle'");
        await Assertions.Expect(barePage.Locator("[data-testid=push]")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_installed_app_started_at_the_bare_console_address_returns_to_the_last_team_shown()
    {
        await using var app = await OpenAsync("/console.html?team=T1&lang=en", grantNotifications: false);
        var page = app.Page;
        await Assertions.Expect(page.Locator("[data-testid=team]")).ToHaveTextAsync("T1");
        // As the home screen app starts: display-mode standalone, at the manifest's start_url.
        await page.AddInitScriptAsync("""
            (() => { const real = window.matchMedia.bind(window);
              window.matchMedia = (q) => q === '(display-mode: standalone)' ? { matches: true, media: q, addListener() {}, removeListener() {} } : real(q); })();
            """);
        await page.GotoAsync("/console.html");
        await page.WaitForURLAsync("**/console.html?team=T1&lang=en");
        await Assertions.Expect(page.Locator("[data-testid=team]")).ToHaveTextAsync("T1");
        await Assertions.Expect(page.Locator("[data-testid=hint]")).ToBeHiddenAsync();
    }

    /// <summary>A console in its own context (closed when disposed), with notifications allowed or not and a script run before the page's.</summary>
    private async Task<AppPage> OpenAsync(string pathAndQuery, bool grantNotifications, string? initScript = null)
    {
        var context = await fx.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            Locale = "zh-CN",
            BaseURL = fx.Host.BaseAddress.ToString(),
        });
        if (grantNotifications) await context.GrantPermissionsAsync(["notifications"]);
        var page = await context.NewPageAsync();
        if (initScript is not null) await page.AddInitScriptAsync(initScript);
        await page.GotoAsync(pathAndQuery);
        return new AppPage(context, page);
    }

    /// <summary>A page in its own browser context, closed with it.</summary>
    private sealed class AppPage(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IBrowserContext Context { get; } = context;

        public IPage Page { get; } = page;

        public ValueTask DisposeAsync() => new(Context.CloseAsync());
    }

    /// <summary>
    /// A real (trusted) push event through the DevTools protocol, as a push service's message would arrive.
    /// </summary>
    private static async Task DeliverPushAsync(IBrowserContext context, IPage page, string data)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        var registration = new TaskCompletionSource<string>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            if (e is not { } payload) return;
            foreach (var r in payload.GetProperty("registrations").EnumerateArray())
                if (!r.GetProperty("isDeleted").GetBoolean()) registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var id = await registration.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object> { ["origin"] = origin, ["registrationId"] = id, ["data"] = data });
    }

    /// <summary>Evaluates a function (giving a JSON array) in the page until the array is not empty.</summary>
    private static async Task<JsonArray> PollAsync(IPage page, string function)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var json = await page.EvaluateAsync<string>(function);
            var items = JsonNode.Parse(json)!.AsArray();
            if (items.Count > 0 || DateTime.UtcNow > deadline) return items;
            await Task.Delay(100);
        }
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(Screen screen, string testId) =>
        await screen.ByTestId(testId).First.BoundingBoxAsync() ?? throw new InvalidOperationException($"{testId} is not shown");

    private static uint ReadUInt32(byte[] bytes, int at) => (uint)(bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3]);
}
