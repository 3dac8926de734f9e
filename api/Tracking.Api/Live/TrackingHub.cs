using Microsoft.AspNetCore.SignalR;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Api.Live;

/// <summary>The SignalR hub of the live updates (docs/api.md, "Live updates"): subscribe to topics, receive their pushes.</summary>
public sealed class TrackingHub(PushRelay relay, IGrainFactory grains) : Hub
{
    private readonly TopicDirectory _topics = new(grains);

    /// <summary>Starts delivering the topic to this connection and returns its current snapshot (later pushes carry higher versions).</summary>
    public async Task<object?> Subscribe(string topic)
    {
        var parsed = Parse(topic);
        if (!await _topics.ExistsAsync(parsed)) throw new HubException($"Topic '{topic}' names something that is not known.");
        return await relay.SubscribeAsync(Context.ConnectionId, parsed);
    }

    public async Task Unsubscribe(string topic)
    {
        var parsed = Parse(topic);
        await relay.UnsubscribeAsync(Context.ConnectionId, parsed);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => relay.ConnectionClosedAsync(Context.ConnectionId);

    private static Topic Parse(string topic) =>
        Topic.TryParse(topic, out var parsed, out var error) ? parsed : throw new HubException(error);
}
