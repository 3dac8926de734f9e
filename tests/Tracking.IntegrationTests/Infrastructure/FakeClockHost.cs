using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tracking.Abstractions;
using Tracking.Api.Hosting;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (embedded, no access control) on real sockets with a fake product clock the test sets: for flows
/// that need working time or days to pass (alerts, renewals). Timers still run on real time.
/// </summary>
public sealed class FakeClockHost : IAsyncDisposable
{
    private FakeClockHost(WebApplication app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
        Base = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = Base };
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public Uri Base { get; }

    public HttpClient Http { get; }

    public static async Task<FakeClockHost> StartAsync(DateTimeOffset startsAt)
    {
        var time = new FakeTimeProvider(startsAt);
        var app = TrackingApp.Build(
            ["--urls=http://127.0.0.1:0", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(TrackingTime.ServiceKey, time));
        await app.StartAsync();
        return new FakeClockHost(app, time);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
