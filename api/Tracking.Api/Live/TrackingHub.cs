using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;

namespace Tracking.Api.Live;

/// <summary>The SignalR hub of the live updates (docs/api.md, "Live updates"): subscribe to topics, receive their pushes.</summary>
public sealed class TrackingHub(PushRelay relay, IGrainFactory grains, IAuthorizationService authorization, DisplayShapes displays) : Hub
{
    private readonly TopicDirectory _topics = new(grains);

    /// <summary>
    /// Starts delivering the topic to this connection and returns its current snapshot (later pushes carry higher
    /// versions). A topic outside the caller's scope is refused before anything of it is looked up or sent: SignalR
    /// groups are not a security boundary, this check is. A display token watches boards through its branch's
    /// display policy, snapshot and pushes alike.
    /// </summary>
    public async Task<object?> Subscribe(string topic)
    {
        var parsed = Parse(topic);
        var (rule, target) = RuleFor(parsed);
        var decision = await authorization.AuthorizeAsync(Context.User!, target, new AccessRequirement(rule));
        if (!decision.Succeeded) throw new HubException($"Subscribing to '{topic}' is forbidden for this token's role or scope.");
        if (!await _topics.ExistsAsync(parsed)) throw new HubException($"Topic '{topic}' names something that is not known.");
        var policyBranch = parsed.Kind switch
        {
            TopicKind.Leaderboard or TopicKind.Branch => displays.PolicyBranchOf(Context.User, parsed.OwnerId),
            TopicKind.Campaign => displays.PolicyBranchOf(Context.User, boardBranchId: null),
            _ => null,
        };
        return await relay.SubscribeAsync(Context.ConnectionId, parsed, policyBranch);
    }

    public async Task Unsubscribe(string topic)
    {
        var parsed = Parse(topic);
        await relay.UnsubscribeAsync(Context.ConnectionId, parsed);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => relay.ConnectionClosedAsync(Context.ConnectionId);

    /// <summary>The access rule of each topic family and what it is about (docs/api.md, "Access control").</summary>
    public static (AccessRule Rule, AccessTarget Target) RuleFor(Topic topic) => topic.Kind switch
    {
        TopicKind.Leaderboard or TopicKind.Branch => (AccessRule.ViewBranchBoards, AccessTarget.Branch(topic.OwnerId)),
        TopicKind.Team or TopicKind.Alerts => (AccessRule.WatchTeam, AccessTarget.Team(topic.OwnerId)),
        _ => (AccessRule.ViewCampaign, AccessTarget.Campaign(topic.OwnerId)),
    };

    private static Topic Parse(string topic) =>
        Topic.TryParse(topic, out var parsed, out var error) ? parsed : throw new HubException(error);
}
