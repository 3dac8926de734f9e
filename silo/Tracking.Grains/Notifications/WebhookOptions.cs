namespace Tracking.Grains.Notifications;

/// <summary>
/// Webhook delivery settings (section <c>Webhooks</c>). <see cref="RetryDelays"/> are the waits after the 1st, 2nd, …
/// failed attempt (the last repeats), each stretched by up to ±20 % jitter; tests shorten them to run in seconds.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";
    public const string HttpClientName = "webhooks";

    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
    ];

    /// <summary>Whether webhook URLs may resolve to loopback, link-local or private addresses (off: refused, SSRF guard).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Null: <see cref="DefaultRetryDelays"/>. Set as <c>Webhooks:RetryDelays:0=00:00:05</c>, <c>…:1=00:00:30</c>, ….</summary>
    public TimeSpan[]? RetryDelays { get; set; }

    /// <summary>How long a delivery is attempted before it is failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an attempt waits for an answer before it is abandoned and its connection closed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of one webhook in flight at once; other webhooks are never held up by them.</summary>
    public int MaxInFlight { get; set; } = 4;

    /// <summary>How long delivered and failed deliveries stay listed, and how many at most.</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(7);

    public int KeepFinishedCount { get; set; } = 1000;

    /// <summary>
    /// A drill setting, zero in production: how long a decided notice waits in its grain's journal before it is
    /// handed to the outboxes, so a crash drill can kill the server inside that window on purpose.
    /// </summary>
    public TimeSpan HandoffDelay { get; set; }

    public TimeSpan DelayAfter(int failedAttempts)
    {
        var delays = RetryDelays is { Length: > 0 } set ? set : DefaultRetryDelays;
        var delay = delays[Math.Clamp(failedAttempts - 1, 0, delays.Length - 1)];
        return delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }
}
