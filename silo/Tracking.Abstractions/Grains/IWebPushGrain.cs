using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// Web Push for the cluster (one grain, key <see cref="Key"/>): the VAPID keys, the browsers' subscriptions, and the
/// alerts waiting to reach them. Alerts are handed over one-way, so a slow push service never holds up a team.
/// </summary>
public interface IWebPushGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The VAPID public key (an uncompressed P-256 point, base64url) browsers subscribe with.</summary>
    [AlwaysInterleave]
    Task<string> VapidPublicKey();

    /// <summary>Stores a subscription; one whose endpoint is already stored is updated and keeps its id. Returns the id.</summary>
    Task<string> Subscribe(string endpoint, string p256dh, string auth, PushSubscriber owner);

    /// <summary>The subscription, or null when none has that id.</summary>
    [AlwaysInterleave]
    Task<PushSubscriptionInfo?> Get(string id);

    /// <summary>Removes a subscription and what was still to be sent to it; false when none has that id.</summary>
    Task<bool> Unsubscribe(string id);

    /// <summary>Alerts just raised for the team: each goes once to every subscription that receives the team's alerts.</summary>
    [OneWay]
    Task AlertsRaised(TeamInfo team, string language, [Immutable] IReadOnlyList<AlertView> alerts);
}
