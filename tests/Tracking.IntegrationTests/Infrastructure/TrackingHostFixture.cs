using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tracking.Abstractions;
using Tracking.Api.Hosting;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>
/// The real single-process host (Kestrel on a free loopback port, co-hosted Orleans silo on free ports),
/// started in this test process, reached over real sockets.
/// </summary>
public sealed class TrackingHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The host has not started.");

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_app, BaseAddress) = await StartHostAsync();
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Starts a host on free loopback ports with extra settings (<c>--Section:Key=value</c>); the caller stops it.</summary>
    public static Task<(WebApplication App, Uri Address)> StartHostAsync(params string[] settings) =>
        StartHostAsync((Action<WebApplicationBuilder>?)null, settings);

    /// <summary>As above, on a product clock of the test's (a fake one it moves).</summary>
    public static Task<(WebApplication App, Uri Address)> StartHostAsync(TimeProvider clock, params string[] settings) =>
        StartHostAsync(builder => builder.Services.AddKeyedSingleton(TrackingTime.ServiceKey, clock), settings);

    /// <summary>As above, with <paramref name="configure"/> changing the services first (e.g. a fake product clock).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartHostAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var app = TrackingApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ], configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async Task<HubConnection> ConnectHubAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/tracking"), o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task<JsonNode> PutOrgAsync(object org)
    {
        var response = await Http.PutAsJsonAsync("/api/v1/org", org);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT /org failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostEventsAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/events", body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    public static JsonNode ToNode(object? payload) => JsonSerializer.SerializeToNode(payload)!;
}

[CollectionDefinition(Name)]
public sealed class TrackingHostCollection : ICollectionFixture<TrackingHostFixture>
{
    public const string Name = "tracking host";
}
