using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// A real host of its own whose product clock (the keyed <see cref="TimeProvider"/>) is a fake one, for tests whose
/// answers depend on "today". A fake clock only moves forward: tests sharing this fixture leave it where it starts.
/// </summary>
public sealed class FakeClockHostFixture : IAsyncLifetime
{
    /// <summary>Thursday 31 December 2026, 20:00 UTC: already 1 January 2027 (04:00) in Shanghai, still 31 December (15:00) in New York.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 31, 20, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(Start);

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_app, var address) = await TrackingHostFixture.StartHostAsync(Time);
        Http = new HttpClient { BaseAddress = address };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
