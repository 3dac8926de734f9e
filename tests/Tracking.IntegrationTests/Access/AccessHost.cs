using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tracking.Abstractions;
using Tracking.Api.Hosting;
using Tracking.IntegrationTests.Infrastructure;
using Tracking.TestSupport;

namespace Tracking.IntegrationTests.Access;

/// <summary>
/// The real host with access control on (the test signing key), reached over real sockets with a token per request.
/// The product clock is a fake one the test sets (alerts need working time, campaigns a future start); tokens are
/// judged by the real clock, as in production.
/// </summary>
public sealed class AccessHost : IAsyncDisposable
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Monday 16 November 2026, 11:30 in Shanghai: working time, two and a half working hours after opening.</summary>
    public static readonly DateTimeOffset MondayLateMorning = new(2026, 11, 16, 11, 30, 0, Shanghai);

    private readonly HttpClient _http;

    private AccessHost(WebApplication app, Uri baseAddress, FakeTimeProvider clock)
    {
        App = app;
        BaseAddress = baseAddress;
        Clock = clock;
        _http = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Now on the product clock, in Shanghai, as the API writes instants.</summary>
    public string Ago(TimeSpan before) => Clock.GetUtcNow().Subtract(before).ToOffset(Shanghai).ToString("yyyy-MM-ddTHH:mm:sszzz");

    public static async Task<AccessHost> StartAsync(DateTimeOffset clock, params string[] settings)
    {
        var time = new FakeTimeProvider(clock);
        var app = TrackingApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Orleans:SiloPort={FreePort.Next()}",
                $"--Orleans:GatewayPort={FreePort.Next()}",
                "--Logging:LogLevel:Default=Warning",
                TestTokens.Setting,
                .. settings,
            ],
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(TrackingTime.ServiceKey, time));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AccessHost(app, new Uri(address), time);
    }

    /// <summary>Sends a request with the token (none: anonymous) and reads the answer's body as JSON, if any.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.WwwAuthenticate.ToString(),
            text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null,
            text);
    }

    public Task<Answer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>An admin request that must succeed; returns its JSON.</summary>
    public async Task<JsonNode> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        var answer = await SendAsync(method, path, TestTokens.Admin(), body);
        Assert.True(answer.Status is 200 or 201, $"{method} {path} as admin: {answer.Status} {answer.Text}");
        return answer.Json!;
    }

    /// <summary>A hub connection over WebSockets that sends <paramref name="token"/> (none: anonymous); not started.</summary>
    public HubConnection Hub(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(BaseAddress, "/hubs/tracking"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>An HTTP answer: status, media type, <c>WWW-Authenticate</c>, and the body as JSON (null when it is not JSON).</summary>
public sealed record Answer(int Status, string? MediaType, string WwwAuthenticate, JsonNode? Json, string Text)
{
    public override string ToString() => $"{Status} {Text}";
}
