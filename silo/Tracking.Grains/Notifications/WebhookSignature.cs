using System.Security.Cryptography;
using System.Text;

namespace Tracking.Grains.Notifications;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed by the
/// secret's decoded bytes. The receiver recomputes it with the shared secret.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(byte[] key, string deliveryId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.{body}")));
}
