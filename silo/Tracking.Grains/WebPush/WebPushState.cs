using Tracking.Abstractions.Contracts;

namespace Tracking.Grains.WebPush;

/// <summary>The Web Push grain's stored state: the generated VAPID keys (none when configured), subscriptions by id, pushes due.</summary>
[GenerateSerializer, Alias("tracking.web-push-state")]
public sealed class WebPushState
{
    [Id(0)] public VapidKeys? GeneratedKeys { get; set; }
    [Id(1)] public Dictionary<string, PushSubscriptionInfo> Subscriptions { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public List<PendingPush> Pending { get; set; } = [];
}
