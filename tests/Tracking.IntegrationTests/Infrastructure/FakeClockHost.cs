using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (embedded, no access control) on real sockets with a fake product clock the test sets: for flows
/// that need working time or days to pass (alerts, renewals). Timers still run on real time.
/// </summary>
public sealed class FakeClockHost : IAsyncDisposable
{
    private FakeClockHost(WebApplication app, Uri address, FakeTimeProvider time)
    {
        App = app;
        Time = time;
        Base = address;
        Http = new HttpClient { BaseAddress = Base };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri Base { get; }

    public HttpClient Http { get; }

    /// <param name="settings">Extra settings, <c>--Section:Key=value</c>.</param>
    public static async Task<FakeClockHost> StartAsync(DateTimeOffset startsAt, params string[] settings)
    {
        var time = new FakeTimeProvider(startsAt);
        var (app, address) = await TrackingHostFixture.StartHostAsync(time, settings);
        return new FakeClockHost(app, address, time);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
