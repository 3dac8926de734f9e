using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;
using Tracking.Api.Access;

namespace Tracking.Api.Live;

/// <summary>The SignalR hub of the live updates (docs/api.md, "Live updates"): subscribe to topics, receive their pushes.</summary>
public sealed class TrackingHub(PushRelay relay, IGrainFactory grains, IAuthorizationService authorization, DisplayShapes displays, AccessControl access) : Hub
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
        var (rule, target) = TopicAccess.RuleFor(parsed);
        var decision = await authorization.AuthorizeAsync(Context.User!, target, new AccessRequirement(rule));
        if (!decision.Succeeded) throw new HubException($"Subscribing to '{topic}' is forbidden for this token's role or scope.");
        if (!await _topics.ExistsAsync(parsed)) throw new HubException($"Topic '{topic}' names something that is not known.");
        var policyBranch = parsed.Kind switch
        {
            TopicKind.Leaderboard or TopicKind.Branch => displays.PolicyBranchOf(Context.User, parsed.OwnerId),
            TopicKind.Campaign => displays.PolicyBranchOf(Context.User, boardBranchId: null),
            _ => null,
        };
        return await relay.SubscribeAsync(Context.ConnectionId, parsed, policyBranch, RecheckedCaller());
    }

    public async Task Unsubscribe(string topic)
    {
        var parsed = Parse(topic);
        await relay.UnsubscribeAsync(Context.ConnectionId, parsed);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => relay.ConnectionClosedAsync(Context.ConnectionId);

    /// <summary>
    /// Whose subscriptions the relay checks again while they last: every caller but an admin, since a scope may shrink
    /// (a supervisor taken off a team loses its topics at once, without a new token).
    /// </summary>
    private Caller? RecheckedCaller() =>
        access.IsOn && Context.User is { } user && Caller.From(user) is { IsAdmin: false } caller ? caller : null;

    private static Topic Parse(string topic) =>
        Topic.TryParse(topic, out var parsed, out var error) ? parsed : throw new HubException(error);
}
