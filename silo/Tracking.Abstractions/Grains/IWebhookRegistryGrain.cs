using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;

namespace Tracking.Abstractions.Grains;

/// <summary>
/// The cluster's webhooks (one registry, key <see cref="Key"/>), and the dispatcher that hands each event to the
/// outbox of every webhook whose filters it matches. A generated secret leaves the registry once, in the answer to
/// <see cref="Put"/>.
/// </summary>
public interface IWebhookRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Creates or replaces a webhook; a null secret keeps the stored one, or makes one for a new webhook.</summary>
    Task<SavedWebhook> Put([Immutable] WebhookInfo webhook, string? secret);

    [ReadOnly]
    Task<WebhookInfo?> Get(string id);

    /// <summary>Every webhook, by id, without secrets.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WebhookInfo>> List();

    /// <summary>Removes a webhook and drops its pending deliveries. False when no webhook has that id.</summary>
    Task<bool> Delete(string id);

    /// <summary>
    /// Hands the event to the outbox of each matching webhook and completes once every one has stored it (no
    /// endpoint is called in between). Callers hand events over in the background, never on the path of ingest
    /// or pushes. <paramref name="noticeId"/> identifies the decision: see <see cref="IWebhookOutboxGrain.Enqueue"/>.
    /// </summary>
    [AlwaysInterleave]
    Task Dispatch(string noticeId, [Immutable] WebhookEvent notice);

    /// <summary>Wakes every webhook's outbox, so pending deliveries resume at once when a silo starts (not at the next reminder).</summary>
    [OneWay, AlwaysInterleave]
    Task WakeOutboxes();
}
