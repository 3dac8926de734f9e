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
    /// Hands the event to the outbox of each matching webhook. One-way: the caller (an alert desk, a branch, a
    /// campaign) never waits for it, so ingest and pushes never wait for a webhook.
    /// </summary>
    [OneWay, AlwaysInterleave]
    Task Dispatch([Immutable] WebhookEvent notice);

    /// <summary>Wakes every webhook's outbox, so pending deliveries resume at once when a silo starts (not at the next reminder).</summary>
    [OneWay, AlwaysInterleave]
    Task WakeOutboxes();
}
