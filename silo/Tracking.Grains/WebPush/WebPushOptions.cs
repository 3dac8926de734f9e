namespace Tracking.Grains.WebPush;

/// <summary>
/// <c>WebPush:*</c>. With <see cref="PublicKey"/> and <see cref="PrivateKey"/> set, those VAPID keys are used; without
/// them a key pair is generated once and kept in the store, so browsers' subscriptions survive restarts.
/// </summary>
public sealed class WebPushOptions
{
    public const string Section = "WebPush";

    /// <summary>The VAPID public key: an uncompressed P-256 point (65 bytes), base64url.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The VAPID private key: the P-256 private scalar (32 bytes), base64url.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Who push services may contact about this server's pushes: a <c>mailto:</c> or <c>https:</c> URL.</summary>
    public string Subject { get; set; } = "mailto:webpush@tracking.invalid";

    /// <summary>How long a push service keeps a message for a phone that is offline (the TTL header).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt is abandoned after this long.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A message not delivered this long after its alert was raised is given up.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The delay before the first retry; each further retry waits about twice as long (up to an hour).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
