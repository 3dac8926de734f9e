using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Tracking.BrowserTests.Infrastructure;

/// <summary>
/// One real host process and one real Chromium (the Debian package at /usr/bin/chromium, driven by
/// Playwright; no browser is ever downloaded) shared by the browser tests, which run one at a time.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly List<IBrowserContext> _contexts = [];

    public HostProcess Host { get; } = new();

    public HostApi Api { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath} (tests/run.sh installs the Debian package 'chromium').");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var host = Host.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        await host;
        Api = new HostApi(new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task DisposeAsync()
    {
        Api?.Http.Dispose();
        foreach (var context in _contexts) await context.CloseAsync();
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Opens a page of the host in a fresh browser context (own storage) of the given size and browser language.</summary>
    public Task<Screen> OpenAsync(string pathAndQuery, int width = 1920, int height = 1080, string locale = "zh-CN") =>
        OpenAsync(Host.BaseAddress, pathAndQuery, width, height, locale);

    /// <summary>Opens a page of another host (e.g. one with access control on) in a fresh browser context.</summary>
    public async Task<Screen> OpenAsync(Uri host, string pathAndQuery, int width = 1920, int height = 1080, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            Locale = locale,
            BaseURL = host.ToString(),
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        var screen = new Screen(page);
        await page.GotoAsync(pathAndQuery);
        return screen;
    }

    public Task<JsonNode?> PutAsync(string path, object body) => Api.PutAsync(path, body);

    public Task<JsonNode?> PostAsync(string path, object? body) => Api.PostAsync(path, body);

    public Task<JsonNode?> GetAsync(string path) => Api.GetAsync(path);

    /// <summary>Sets up an organisation (org, targets, alert rules) on the host.</summary>
    public Task SetUpAsync(TestOrg org, object? targets = null, object? alertRules = null) => Api.SetUpAsync(org, targets, alertRules);

    public Task<JsonNode?> PostEventsAsync(params object[] events) => Api.PostEventsAsync(events);

    /// <summary>Stops the host and waits until the page says it is reconnecting.</summary>
    public async Task StopHostAsync(Screen screen)
    {
        await Host.StopAsync();
        await screen.Page.WaitForSelectorAsync("[data-testid=status][data-state=reconnecting]", new() { Timeout = 10_000 });
    }
}

/// <summary>A browser page with the script errors it raised, everything it wrote to the console and the requests it made.</summary>
public sealed class Screen(IPage page)
{
    private readonly List<string> _errors = Attach(page);
    private readonly List<string> _console = Record<IConsoleMessage, string>(h => page.Console += h, m => m.Text);
    private readonly List<IRequest> _requests = Record<IRequest, IRequest>(h => page.Request += h, r => r);

    public IPage Page { get; } = page;

    public IReadOnlyList<string> Errors { get { lock (_errors) return _errors.ToArray(); } }

    public IReadOnlyList<string> ConsoleTexts { get { lock (_console) return _console.ToArray(); } }

    public IReadOnlyList<IRequest> Requests { get { lock (_requests) return _requests.ToArray(); } }

    public ILocator ByTestId(string id) => Page.Locator($"[data-testid=\"{id}\"]");

    public Task WaitLiveAsync(float timeoutMs = 15_000) =>
        Page.WaitForSelectorAsync("[data-testid=status][data-state=live]", new() { Timeout = timeoutMs });

    /// <summary>No scrollbars: the document is no larger than the viewport in either direction.</summary>
    public async Task AssertNoScrollbarsAsync()
    {
        var size = await Page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, window.innerWidth, window.innerHeight, document.body.scrollWidth, document.body.scrollHeight]");
        Assert.True(size[0] <= size[2] && size[1] <= size[3] && size[4] <= size[2] && size[5] <= size[3],
            $"the page scrolls: document {size[0]}x{size[1]}, body {size[4]}x{size[5]}, viewport {size[2]}x{size[3]}");
    }

    /// <summary>The element lies fully inside the viewport (not cut off).</summary>
    public async Task AssertInViewportAsync(string testId)
    {
        var box = await ByTestId(testId).First.BoundingBoxAsync();
        Assert.NotNull(box);
        var viewport = Page.ViewportSize!;
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= viewport.Width + 0.5 && box.Y + box.Height <= viewport.Height + 0.5,
            $"{testId} at {box.X},{box.Y} {box.Width}x{box.Height} is not inside {viewport.Width}x{viewport.Height}");
    }

    public void AssertNoScriptErrors() => Assert.True(Errors.Count == 0, "script errors: " + string.Join("\n", Errors));

    private static List<TItem> Record<TEvent, TItem>(Action<EventHandler<TEvent>> subscribe, Func<TEvent, TItem> item)
    {
        var items = new List<TItem>();
        subscribe((_, e) => { lock (items) items.Add(item(e)); });
        return items;
    }

    private static List<string> Attach(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.Console += (_, m) =>
        {
            // A Content-Security-Policy violation is always an error, even one about a WebSocket or a resource.
            if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (errors) errors.Add(m.Text);
            else if (m.Type == "error" && !m.Text.Contains("Failed to load resource", StringComparison.Ordinal) && !m.Text.Contains("WebSocket", StringComparison.Ordinal)
                && !m.Text.Contains("Connection disconnected", StringComparison.Ordinal) && !m.Text.Contains("Failed to complete negotiation", StringComparison.Ordinal)
                && !m.Text.Contains("Failed to start the transport", StringComparison.Ordinal) && !m.Text.Contains("HubException", StringComparison.Ordinal)
                && !m.Text.Contains("Error: Failed to", StringComparison.Ordinal))
                lock (errors) errors.Add(m.Text);
        };
        return errors;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "host and browser";
}
