using Microsoft.AspNetCore.SignalR;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Api.Live;

/// <summary>The SignalR hub of CONTRACT.md "Live updates": subscribe to topics, receive their pushes.</summary>
public sealed class TrackingHub(PushRelay relay, IGrainFactory grains) : Hub
{
    /// <summary>Starts delivering the topic to this connection and returns its current snapshot (later pushes carry higher versions).</summary>
    public async Task<object?> Subscribe(string topic)
    {
        var parsed = Parse(topic);
        if (!await OwnerExists(parsed)) throw new HubException($"Topic '{topic}' names something that is not known.");
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

    private async Task<bool> OwnerExists(Topic topic) => topic.Kind switch
    {
        TopicKind.Leaderboard or TopicKind.Branch => await grains.GetGrain<IBranchGrain>(topic.OwnerId).GetInfo() is not null,
        TopicKind.Team or TopicKind.Alerts => await grains.GetGrain<ITeamGrain>(topic.OwnerId).GetInfo() is not null,
        TopicKind.Campaign => await grains.GetGrain<ICampaignGrain>(topic.OwnerId).Get() is not null,
        _ => false,
    };
}
