using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>
/// The cluster's webhooks (see <see cref="IWebhookRegistryGrain"/>), in the grain storage of every other grain:
/// PostgreSQL when durable, memory in embedded mode. A write the store refuses is undone in memory.
/// </summary>
/// <remarks>
/// <see cref="Dispatch"/> interleaves with everything: it only reads the dictionary (the matching webhooks are picked
/// before its first await) and waits for the outboxes alone, so an event never waits behind a webhook being saved.
/// </remarks>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhooks", "tracking")] IPersistentState<WebhookRegistryState> state) : Grain, IWebhookRegistryGrain
{
    private Dictionary<string, StoredWebhook> Webhooks => state.State.Webhooks;

    public async Task<SavedWebhook> Put(WebhookInfo webhook, string? secret)
    {
        var existed = Webhooks.TryGetValue(webhook.Id, out var before);
        var generated = secret is null && before is null ? WebhookSecrets.Generate() : null;
        Webhooks[webhook.Id] = new StoredWebhook(webhook, secret ?? before?.Secret ?? generated!);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (before is null) Webhooks.Remove(webhook.Id);
            else Webhooks[webhook.Id] = before;
            throw;
        }
        return new SavedWebhook(webhook, !existed, generated);
    }

    public Task<WebhookInfo?> Get(string id) => Task.FromResult(Webhooks.GetValueOrDefault(id)?.Info);

    public Task<IReadOnlyList<WebhookInfo>> List() => Task.FromResult<IReadOnlyList<WebhookInfo>>(
        Webhooks.Values.Select(w => w.Info).OrderBy(w => w.Id, StringComparer.Ordinal).ToList());

    public async Task<bool> Delete(string id)
    {
        if (!Webhooks.Remove(id, out var removed)) return false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            Webhooks[id] = removed;
            throw;
        }
        await GrainFactory.GetGrain<IWebhookOutboxGrain>(id).Clear();
        return true;
    }

    public Task Dispatch(string noticeId, WebhookEvent notice) => Task.WhenAll(Webhooks.Values
        .Where(webhook => webhook.Matches(notice))
        .Select(webhook => GrainFactory.GetGrain<IWebhookOutboxGrain>(webhook.Info.Id).Enqueue(webhook.Target, noticeId, notice)));

    public Task WakeOutboxes()
    {
        foreach (var id in Webhooks.Keys) GrainFactory.GetGrain<IWebhookOutboxGrain>(id).Wake().Ignore();
        return Task.CompletedTask;
    }
}
