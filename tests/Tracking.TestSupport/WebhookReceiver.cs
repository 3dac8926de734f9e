using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tracking.TestSupport;

/// <summary>One POST a receiver got: its path, webhook headers, body, and when (a Stopwatch timestamp).</summary>
public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string Body, long At)
{
    public IHeaderDictionary Headers => new HeaderDictionary
    {
        ["webhook-id"] = Id,
        ["webhook-timestamp"] = Timestamp,
        ["webhook-signature"] = Signature,
    };
}

/// <summary>
/// A webhook endpoint on loopback (Kestrel on a free port): records every POST, and answers it as
/// <see cref="Answer"/> says for its path (default 200), which may also never answer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The status to answer the n-th (1-based) POST to a path with; null: never answer.</summary>
    public Func<string, int, int?> Answer { get; set; } = (_, _) => 200;

    public Uri Base { get; private set; } = null!;

    public string Url(string path) => new Uri(Base, path).ToString();

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Base = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value!;
        var h = context.Request.Headers;
        Received.Enqueue(new ReceivedWebhook(path, h["webhook-id"].ToString(), h["webhook-timestamp"].ToString(), h["webhook-signature"].ToString(), body,
            Stopwatch.GetTimestamp()));
        if (Answer(path, Received.Count(r => r.Path == path)) is not { } status)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return;
        }
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // a request that never answers is cut off
        await _app.StopAsync(patience.Token);
        await _app.DisposeAsync();
    }
}
