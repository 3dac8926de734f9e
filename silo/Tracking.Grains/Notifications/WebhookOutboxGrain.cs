using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Tracking.Abstractions.Contracts;
using Tracking.Abstractions.Grains;

namespace Tracking.Grains.Notifications;

/// <summary>
/// One webhook's outbox (see <see cref="IWebhookOutboxGrain"/>). A delivery is written to the grain's storage in
/// the call that decides it, before any attempt, and a reminder stands while any is pending, so after a restart
/// (durable mode) the outbox wakes and resumes them: at least once, the same <c>webhook-id</c> on every attempt.
/// </summary>
/// <remarks>
/// Reentrant: attempts run as interleaved turns (a pump timer starts up to <see cref="WebhookOptions.MaxInFlight"/>),
/// so a slow endpoint holds up neither the dispatcher nor listing; other webhooks have outboxes of their own.
/// Writes to the store are made one at a time.
/// </remarks>
[Reentrant]
public sealed class WebhookOutboxGrain(
    [PersistentState("webhookOutbox", "tracking")] IPersistentState<WebhookOutboxState> state,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    ILogger<WebhookOutboxGrain> logger) : Grain, IWebhookOutboxGrain, IRemindable
{
    private const string ResumeReminder = "webhook-outbox";
    private static readonly TimeSpan PumpPeriod = TimeSpan.FromMilliseconds(100);

    private readonly WebhookOptions _options = options.Value;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writes = new(1, 1);
    private IGrainTimer? _pump;
    private bool _reminderStands;

    private string WebhookId => this.GetPrimaryKeyString();

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Deliveries.Any(d => d.IsPending)) StartPump();
        return Task.CompletedTask;
    }

    public async Task Enqueue(WebhookTarget target, string noticeId, WebhookEvent notice)
    {
        var id = DeliveryId(noticeId);
        if (state.State.Deliveries.Exists(d => d.Id == id)) return;
        var now = Now;
        var delivery = new StoredDelivery
        {
            Id = id,
            Type = notice.Type,
            Body = WebhookPayloads.Render(notice, target.Format),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        var before = state.State.Target;
        state.State.Target = target;
        state.State.Deliveries.Add(delivery);
        Prune(now);
        try
        {
            await SaveAsync();
        }
        catch
        {
            // Not stored: the caller keeps the notice and hands it over again, which must not find it here.
            state.State.Deliveries.Remove(delivery);
            state.State.Target = before;
            throw;
        }
        await KeepReminderAsync(true);
        StartPump();
    }

    /// <summary>The <c>webhook-id</c> of a notice's delivery to this webhook: the same whenever the same notice comes again.</summary>
    private string DeliveryId(string noticeId) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WebhookId + "\n" + noticeId)).AsSpan(0, 12));

    public Task<IReadOnlyList<WebhookDeliveryView>> List(string? status) => Task.FromResult<IReadOnlyList<WebhookDeliveryView>>(
        state.State.Deliveries.Where(d => status is null || d.Status == status).Reverse().Select(d => d.View(WebhookId)).ToList());

    public Task Wake() => Task.CompletedTask;

    public async Task Clear()
    {
        StopPump();
        await _writes.WaitAsync();
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            _writes.Release();
        }
        await KeepReminderAsync(false);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderStands = true;
        StartPump();
        return Task.CompletedTask;
    }

    private void StartPump() =>
        _pump ??= this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, PumpPeriod) { Interleave = true, KeepAlive = true });

    private void StopPump()
    {
        _pump?.Dispose();
        _pump = null;
    }

    /// <summary>Starts the due attempts, as many as may be in flight; with nothing pending, stops and lets the grain rest.</summary>
    private async Task PumpAsync()
    {
        var now = Now;
        if (state.State.Target is not { } target || !state.State.Deliveries.Any(d => d.IsPending))
        {
            StopPump();
            if (_inFlight.Count == 0) await KeepReminderAsync(false);
            return;
        }
        foreach (var delivery in state.State.Deliveries)
        {
            if (_inFlight.Count >= _options.MaxInFlight) break;
            if (!delivery.IsPending || delivery.NextAttemptAt > now || !_inFlight.Add(delivery.Id)) continue;
            AttemptAsync(target, delivery).Ignore();
        }
    }

    private async Task AttemptAsync(WebhookTarget target, StoredDelivery delivery)
    {
        try
        {
            var at = Now;
            var started = Stopwatch.GetTimestamp();
            var status = await PostAsync(target, delivery, at);
            var ms = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Record(delivery, new WebhookAttemptView(at, status, ms));
            await SaveAsync();
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Webhook {WebhookId}: delivery {DeliveryId} could not be recorded.", WebhookId, delivery.Id);
        }
        finally
        {
            _inFlight.Remove(delivery.Id);
        }
    }

    /// <summary>One signed POST; the HTTP status, or 0 when there was no answer in time (or no connection).</summary>
    private async Task<int> PostAsync(WebhookTarget target, StoredDelivery delivery, DateTimeOffset at)
    {
        if (WebhookSecrets.KeyOf(target.Secret) is not { } key) return 0;
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
        };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(key, delivery.Id, timestamp, delivery.Body));
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout);
        try
        {
            using var response = await httpClients.CreateClient(WebhookOptions.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException)
        {
            logger.LogInformation("Webhook {WebhookId}: attempt of {DeliveryId} got no answer: {Reason}", WebhookId, delivery.Id, failure.Message);
            return 0;
        }
    }

    /// <summary>A 2xx delivers; anything else is retried after a growing delay, until the delivery is too old.</summary>
    private void Record(StoredDelivery delivery, WebhookAttemptView attempt)
    {
        delivery.Attempts.Add(attempt);
        if (attempt.Status is >= 200 and < 300)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.NextAttemptAt = null;
            return;
        }
        var next = Now + _options.DelayAfter(delivery.Attempts.Count);
        if (next <= delivery.CreatedAt + _options.GiveUpAfter)
        {
            delivery.NextAttemptAt = next;
            return;
        }
        delivery.Status = WebhookDeliveryStatus.Failed;
        delivery.NextAttemptAt = null;
        logger.LogWarning("Webhook {WebhookId}: delivery {DeliveryId} failed after {Attempts} attempts.", WebhookId, delivery.Id, delivery.Attempts.Count);
    }

    /// <summary>Finished deliveries stay listed for a while, and only so many of them.</summary>
    private void Prune(DateTimeOffset now)
    {
        var deliveries = state.State.Deliveries;
        deliveries.RemoveAll(d => !d.IsPending && d.CreatedAt < now - _options.KeepFinishedFor);
        var excess = deliveries.Count(d => !d.IsPending) - _options.KeepFinishedCount;
        for (var i = 0; i < deliveries.Count && excess > 0; i++)
        {
            if (deliveries[i].IsPending) continue;
            deliveries.RemoveAt(i--);
            excess--;
        }
    }

    private async Task SaveAsync()
    {
        await _writes.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>A reminder stands while deliveries are pending, to wake the outbox after a restart.</summary>
    private async Task KeepReminderAsync(bool stand)
    {
        if (stand == _reminderStands) return;
        _reminderStands = stand;
        if (stand) await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        else if (await this.GetReminder(ResumeReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }
}
