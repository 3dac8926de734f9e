using System.Net;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.WebPush;

/// <summary>What one attempt to hand a message to a push service came to.</summary>
public enum PushOutcome
{
    Delivered,
    /// <summary>The push service answered 404 or 410: the subscription has expired or was withdrawn.</summary>
    Gone,
    Failed,
}

/// <summary>
/// Sends encrypted Web Push messages (RFC 8291, aes128gcm) with VAPID (RFC 8292) through <c>Lib.Net.Http.WebPush</c>.
/// One attempt per call: retries are the grain's to schedule. Redirects are not followed; an attempt is abandoned
/// after <see cref="WebPushOptions.AttemptTimeout"/>.
/// </summary>
public sealed class WebPushSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly PushServiceClient _client;

    public WebPushSender(IOptions<WebPushOptions> options)
    {
        Options = options.Value;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Options.AttemptTimeout,
        };
        _client = new PushServiceClient(_http)
        {
            AutoRetryAfter = false,
            DefaultTimeToLive = (int)Options.TimeToLive.TotalSeconds,
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
        };
    }

    public WebPushOptions Options { get; }

    public VapidAuthentication Authentication(VapidKeys keys) => new(keys.PublicKey, keys.PrivateKey) { Subject = Options.Subject };

    public async Task<(PushOutcome Outcome, string Detail)> SendAsync(PushSubscriptionInfo target, string payload, VapidAuthentication vapid)
    {
        var subscription = new PushSubscription { Endpoint = target.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, target.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, target.Auth);
        var message = new PushMessage(payload) { Urgency = PushMessageUrgency.High };
        try
        {
            await _client.RequestPushMessageDeliveryAsync(subscription, message, vapid);
            return (PushOutcome.Delivered, "");
        }
        catch (PushServiceClientException refused) when (refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return (PushOutcome.Gone, ((int)refused.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (PushServiceClientException refused)
        {
            return (PushOutcome.Failed, ((int)refused.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException or IOException)
        {
            return (PushOutcome.Failed, failed.GetType().Name);
        }
    }

    public void Dispose() => _http.Dispose();
}
