using System.Security.Cryptography;

namespace Tracking.Grains.Notifications;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> and the base64 of 24 to 64 random bytes, the HMAC key.</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;
    private const int GeneratedBytes = 32;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>The HMAC key of a well-formed secret, or null when it is not one.</summary>
    public static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var key = new byte[MaxBytes + 3];
        return Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length) && length is >= MinBytes and <= MaxBytes
            ? key[..length]
            : null;
    }
}
