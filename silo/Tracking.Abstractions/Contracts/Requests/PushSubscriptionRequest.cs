using System.ComponentModel;

namespace Tracking.Abstractions.Contracts.Requests;

/// <summary>The body of <c>POST /api/v1/push-subscriptions</c>: what a browser's <c>PushSubscription.toJSON()</c> gives.</summary>
public sealed record PushSubscriptionRequest(
    [property: Description("The push service URL the browser was given (https).")] string? Endpoint,
    [property: Description("The subscription's keys, base64url.")] PushSubscriptionKeysRequest? Keys)
{
    public const int MaxEndpointLength = 2048;
}

/// <summary>The keys of a browser's push subscription.</summary>
public sealed record PushSubscriptionKeysRequest(
    [property: Description("The browser's P-256 public key: an uncompressed point (65 bytes), base64url.")] string? P256dh,
    [property: Description("The authentication secret (16 bytes), base64url.")] string? Auth);
