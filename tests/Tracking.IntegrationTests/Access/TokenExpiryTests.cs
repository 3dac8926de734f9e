using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Tracking.TestSupport;
using Xunit.Abstractions;

namespace Tracking.IntegrationTests.Access;

/// <summary>A hub connection is closed by the server when its token expires (docs/api.md, "Access control").</summary>
public sealed class TokenExpiryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync(AccessHost.MondayLateMorning);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_connection_whose_token_expires_in_3_s_is_closed_within_5_s_of_the_expiry()
    {
        var org = new AccessOrg();
        await _host.AdminAsync(HttpMethod.Put, "/api/v1/org", org.Org());
        var token = TestTokens.Mint("tv-short", ["display"], branches: [org.B1], lifetime: TimeSpan.FromSeconds(3));
        var expires = new DateTimeOffset(new JsonWebToken(token).ValidTo, TimeSpan.Zero);

        await using var connection = _host.Hub(token);
        var closed = new TaskCompletionSource<(DateTimeOffset At, Exception? Error)>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult((DateTimeOffset.UtcNow, error));
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("Subscribe", $"leaderboard:{org.B1}:fyp:day:agents");

        // Waits well past exp + the 30 s clock skew, so the measurement is reported even when the close is late.
        var finished = await Task.WhenAny(closed.Task, Task.Delay(expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45)));
        Assert.True(finished == closed.Task, $"the connection was still open 45 s after its token expired at {expires:O}");
        var (at, error) = await closed.Task;
        var afterExpiry = at - expires;
        output.WriteLine($"token exp {expires:O}; Closed at {at:O}: {afterExpiry.TotalMilliseconds:F0} ms after exp; error: {error?.Message ?? "none"}");

        Assert.True(afterExpiry >= TimeSpan.Zero, $"closed {-afterExpiry.TotalMilliseconds:F0} ms before the token expired");
        Assert.True(afterExpiry <= TimeSpan.FromSeconds(5), $"closed {afterExpiry.TotalMilliseconds:F0} ms after the token expired");
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }
}
