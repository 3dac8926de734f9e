namespace Tracking.Abstractions.Contracts;

/// <summary>
/// Whose a Web Push subscription is, as the subscribing token said: its <c>sub</c>, whether it is an admin, and its
/// <c>branch</c> and <c>team</c> claims. <see cref="Subject"/> is null when access control is off: such a subscription
/// has no owner and receives the alerts of every team.
/// </summary>
[GenerateSerializer, Alias("tracking.push-subscriber")]
public sealed record PushSubscriber(
    [property: Id(0)] string? Subject,
    [property: Id(1)] bool IsAdmin,
    [property: Id(2)] IReadOnlyList<string> Branches,
    [property: Id(3)] IReadOnlyList<string> Teams)
{
    public static readonly PushSubscriber Anyone = new(null, false, [], []);

    /// <summary>Whether the team's alerts are this subscriber's: an admin's and an ownerless subscription take every team's.</summary>
    public bool Receives(TeamInfo team) =>
        Subject is null || IsAdmin || SupervisedTeams.Includes(team, Subject, Branches, Teams);
}

/// <summary>A browser's push subscription (the W3C PushSubscription's endpoint and keys, base64url) and its owner.</summary>
[GenerateSerializer, Alias("tracking.push-subscription")]
public sealed record PushSubscriptionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] string P256dh,
    [property: Id(3)] string Auth,
    [property: Id(4)] PushSubscriber Owner,
    [property: Id(5)] DateTimeOffset CreatedAt);

/// <summary>The answer to <c>GET /api/v1/push/vapid-public-key</c>: the application server key browsers subscribe with.</summary>
public sealed record VapidPublicKeyView(string PublicKey);

/// <summary>The answer to <c>POST /api/v1/push-subscriptions</c>.</summary>
public sealed record PushSubscriptionCreated(string Id);
