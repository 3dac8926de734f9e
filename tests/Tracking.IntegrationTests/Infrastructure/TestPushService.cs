using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tracking.IntegrationTests.Infrastructure;

/// <summary>A message a browser's push service received: which subscription (the path's name), its headers and encrypted body.</summary>
public sealed record ReceivedPush(string Name, string Authorization, string ContentEncoding, string Ttl, byte[] Body);

/// <summary>
/// A push service on loopback (a tiny Kestrel app): <c>POST /push/{name}</c> records the message and answers 201, or
/// the statuses queued for that name first (e.g. 500 then 201, or 410).
/// </summary>
public sealed class TestPushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new(StringComparer.Ordinal);

    private TestPushService(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedPush> Received { get; } = new();

    public Uri Base { get; private set; } = null!;

    public static async Task<TestPushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new TestPushService(app);
        app.MapPost("/push/{name}", service.ReceiveAsync);
        await app.StartAsync();
        service.Base = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return service;
    }

    /// <summary>The endpoint URL of subscription <paramref name="name"/>.</summary>
    public string Endpoint(string name) => new Uri(Base, $"/push/{name}").ToString();

    /// <summary>Answers the next messages for <paramref name="name"/> with these statuses, then 201 again.</summary>
    public void AnswerNext(string name, params int[] statuses)
    {
        var queue = _answers.GetOrAdd(name, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses) queue.Enqueue(status);
    }

    /// <summary>Forgets the statuses still queued for <paramref name="name"/>: from now on it answers 201.</summary>
    public void AnswerNormally(string name) => _answers.TryRemove(name, out _);

    public IReadOnlyList<ReceivedPush> For(string name) => Received.Where(r => r.Name == name).ToArray();

    private async Task<IResult> ReceiveAsync(string name, HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        Received.Enqueue(new ReceivedPush(name, request.Headers.Authorization.ToString(), request.Headers.ContentEncoding.ToString(),
            request.Headers["TTL"].ToString(), body.ToArray()));
        var status = _answers.TryGetValue(name, out var queue) && queue.TryDequeue(out var next) ? next : StatusCodes.Status201Created;
        return Results.StatusCode(status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
