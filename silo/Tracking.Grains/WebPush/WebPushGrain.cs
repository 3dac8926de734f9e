using System.Security.Cryptography;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.WebPush;

/// <summary>
/// Web Push for the cluster (see <see cref="IWebPushGrain"/>). Reentrant, so that a push service slow to answer
/// holds up neither the API nor other pushes: every attempt runs on its own and settles its message when it ends.
/// Messages still to be sent are in the stored state with their retry times (real time, not the product clock),
/// and a reminder brings the grain back after a restart while any are left.
/// </summary>
[Reentrant]
public sealed class WebPushGrain(
    [PersistentState("webPush", "tracking")] IPersistentState<WebPushState> state,
    WebPushSender sender,
    ILogger<WebPushGrain> logger) : Grain, IWebPushGrain, IRemindable
{
    private const string RetryReminder = "webPushRetry";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly HashSet<(string, string)> _inFlight = [];
    private VapidKeys _keys = null!;
    private VapidAuthentication _vapid = null!;
    private IGrainTimer? _timer;
    private bool _reminderOn;
    private Task _saving = Task.CompletedTask;

    private Dictionary<string, PushSubscriptionInfo> Subscriptions => state.State.Subscriptions;
    private List<PendingPush> Pending => state.State.Pending;
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (VapidKeys.Configured(sender.Options) is { } configured) _keys = configured;
        else if (state.State.GeneratedKeys is { } stored) _keys = stored;
        else
        {
            _keys = state.State.GeneratedKeys = VapidKeys.Generate();
            await SaveAsync();
        }
        _vapid = sender.Authentication(_keys);
        if (Pending.Count > 0) SendDue();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _vapid?.Dispose();
        return Task.CompletedTask;
    }

    public Task<string> VapidPublicKey() => Task.FromResult(_keys.PublicKey);

    public async Task<string> Subscribe(string endpoint, string p256dh, string auth, PushSubscriber owner)
    {
        var existing = Subscriptions.Values.FirstOrDefault(s => s.Endpoint == endpoint);
        var id = existing?.Id ?? NewId();
        Subscriptions[id] = new PushSubscriptionInfo(id, endpoint, p256dh, auth, owner, existing?.CreatedAt ?? Now);
        await SaveAsync();
        return id;
    }

    public Task<PushSubscriptionInfo?> Get(string id) => Task.FromResult(Subscriptions.GetValueOrDefault(id));

    public async Task<bool> Unsubscribe(string id)
    {
        if (!Drop(id)) return false;
        await SaveAsync();
        return true;
    }

    public async Task AlertsRaised(TeamInfo team, string language, IReadOnlyList<AlertView> alerts)
    {
        var now = Now;
        var added = 0;
        foreach (var subscription in Subscriptions.Values.Where(s => s.Owner.Receives(team)))
        {
            foreach (var alert in alerts)
            {
                if (Pending.Any(p => p.SubscriptionId == subscription.Id && p.AlertId == alert.AlertId)) continue;
                Pending.Add(new PendingPush(subscription.Id, alert.AlertId, AlertPushMessage.Compose(team, language, alert), now, 0, now));
                added++;
            }
        }
        if (added == 0) return;
        await SaveAsync();
        SendDue();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        SendDue();
        return Task.CompletedTask;
    }

    /// <summary>Starts an attempt for every message due that is not already on its way; keeps the tick going while any are left.</summary>
    private void SendDue()
    {
        var now = Now;
        foreach (var push in Pending.ToArray())
        {
            if (push.NextAttemptAt <= now && _inFlight.Add(push.Key)) _ = AttemptAsync(push);
        }
        _ = KeepTickingAsync();
    }

    private async Task AttemptAsync(PendingPush push)
    {
        try
        {
            if (!Subscriptions.TryGetValue(push.SubscriptionId, out var target)) return;
            var (outcome, detail) = await sender.SendAsync(target, push.Payload, _vapid);
            if (Settle(push, outcome, detail)) await SaveAsync();
        }
        catch (Exception failed)
        {
            logger.LogWarning(failed, "Web Push of alert {AlertId} to subscription {SubscriptionId} could not be settled", push.AlertId, push.SubscriptionId);
        }
        finally
        {
            _inFlight.Remove(push.Key);
        }
    }

    /// <summary>Records what the attempt came to; false when the message was no longer waiting (its subscription was removed).</summary>
    private bool Settle(PendingPush push, PushOutcome outcome, string detail)
    {
        var index = Pending.FindIndex(p => p.Key == push.Key);
        if (index < 0) return false;
        switch (outcome)
        {
            case PushOutcome.Delivered:
                Pending.RemoveAt(index);
                return true;
            case PushOutcome.Gone:
                logger.LogInformation("Web Push subscription {SubscriptionId} is gone ({Status}); it is removed", push.SubscriptionId, detail);
                return Drop(push.SubscriptionId);
        }
        var now = Now;
        var failed = push.FailedAttempts + 1;
        if (now - push.CreatedAt >= sender.Options.GiveUpAfter)
        {
            logger.LogWarning("Web Push of alert {AlertId} to subscription {SubscriptionId} given up after {Attempts} attempts (last: {Status})",
                push.AlertId, push.SubscriptionId, failed, detail);
            Pending.RemoveAt(index);
            return true;
        }
        Pending[index] = push with { FailedAttempts = failed, NextAttemptAt = now + RetrySchedule.DelayAfter(failed, sender.Options.FirstRetryDelay) };
        return true;
    }

    private bool Drop(string subscriptionId)
    {
        if (!Subscriptions.Remove(subscriptionId)) return false;
        Pending.RemoveAll(p => p.SubscriptionId == subscriptionId);
        return true;
    }

    /// <summary>
    /// While messages wait, a timer looks for due retries every second and a reminder (every minute) brings the grain
    /// back after a restart; both stop once nothing waits.
    /// </summary>
    private async Task KeepTickingAsync()
    {
        var waiting = Pending.Count > 0;
        if (waiting && _timer is null)
            _timer = this.RegisterGrainTimer(() => { SendDue(); return Task.CompletedTask; }, new GrainTimerCreationOptions(Tick, Tick) { Interleave = true });
        else if (!waiting && _inFlight.Count == 0 && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
        if (waiting == _reminderOn) return;
        _reminderOn = waiting;
        try
        {
            if (waiting) await this.RegisterOrUpdateReminder(RetryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            else if (await this.GetReminder(RetryReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The Web Push retry reminder could not be changed; retries run while the grain is active");
        }
    }

    /// <summary>Writes the state after any write still under way, so that writes never overlap in this reentrant grain.</summary>
    private Task SaveAsync() => _saving = WriteAfter(_saving);

    private async Task WriteAfter(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // That write's own caller has been told; this one writes the whole state again.
        }
        await state.WriteStateAsync();
    }

    private string NewId()
    {
        while (true)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            if (!Subscriptions.ContainsKey(id)) return id;
        }
    }
}
