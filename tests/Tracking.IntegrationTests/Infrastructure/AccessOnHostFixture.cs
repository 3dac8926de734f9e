using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// A host with access control on (<see cref="TestTokens.SigningKey"/>) and low rate limits, so a test can reach
/// them: <see cref="IngestPerSecond"/> and <see cref="ReadsPerSecond"/>. Tests that share it use callers of their own
/// (a token's <c>sub</c>, an API key), so their buckets never meet.
/// </summary>
public sealed class AccessOnHostFixture : IAsyncLifetime
{
    public const int IngestPerSecond = 5;
    public const int ReadsPerSecond = 20;

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync() =>
        (_app, BaseAddress) = await TrackingHostFixture.StartHostAsync(
            TestTokens.Setting, $"--Limits:IngestPerSecond={IngestPerSecond}", $"--Limits:ReadsPerSecond={ReadsPerSecond}");

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A client that sends the bearer token on every request.</summary>
    public HttpClient WithToken(string token) => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>A client that sends the API key on every request.</summary>
    public HttpClient WithApiKey(string key) => new() { BaseAddress = BaseAddress, DefaultRequestHeaders = { { "X-Api-Key", key } } };

    /// <summary>A hub connection (WebSockets) that sends the token as a browser does, in <c>access_token</c>.</summary>
    public async Task<HubConnection> ConnectHubAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/tracking"), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
