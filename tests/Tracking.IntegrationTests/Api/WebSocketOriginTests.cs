using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Tracking.IntegrationTests.Infrastructure;

namespace Tracking.IntegrationTests.Api;

/// <summary>With <c>Auth:AllowedOrigins</c> set, only pages of those origins (or non-browser clients) open the hub's WebSocket.</summary>
public sealed class WebSocketOriginTests : IAsyncLifetime
{
    private const string Allowed = "https://tv.example.com";

    private WebApplication _app = null!;
    private Uri _hub = null!;

    public async Task InitializeAsync()
    {
        (_app, var address) = await TrackingHostFixture.StartHostAsync($"--Auth:AllowedOrigins:0={Allowed}");
        _hub = new UriBuilder(address) { Scheme = "ws", Path = "/hubs/tracking" }.Uri;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The HTTP status of the WebSocket handshake: 101 when it was accepted.</summary>
    private async Task<HttpStatusCode> HandshakeAsync(string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(_hub, CancellationToken.None);
            return socket.HttpStatusCode;
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
    }

    [Fact]
    public async Task A_page_of_another_origin_is_refused_403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync("https://evil.example.net"));
    }

    [Fact]
    public async Task A_page_of_an_allowed_origin_and_a_client_without_origin_connect()
    {
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await HandshakeAsync(Allowed));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await HandshakeAsync(null));
    }
}
