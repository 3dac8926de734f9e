using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Tracking.Api.Access;

/// <summary>
/// Hub method calls count against the caller's read limit (<see cref="RateLimitSettings.ReadsPerSecond"/>, a token
/// bucket per <c>sub</c> of its own, apart from HTTP's): over it a call fails with a <see cref="HubException"/>
/// saying so and when to retry, and the connection stays open. No limit while access control is off.
/// </summary>
public sealed class HubRateLimitFilter : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly int _perSecond;

    public HubRateLimitFilter(RateLimitSettings settings)
    {
        _perSecond = settings.ReadsPerSecond;
        if (!settings.On) return;
        var bucket = RateLimitSettings.Bucket(_perSecond);
        Func<string, TokenBucketRateLimiterOptions> options = _ => bucket;
        _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, options));
    }

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (_limiter is null) return next(invocation);
        var hub = invocation.Context;
        using var lease = _limiter.AttemptAcquire(RateLimits.Caller(hub.User, hub.GetHttpContext()?.Connection.RemoteIpAddress));
        if (!lease.IsAcquired)
            throw new HubException(
                $"Rate limited: more than {_perSecond} calls a second (bursts up to {2 * _perSecond}); retry in {RateLimits.RetryAfterSeconds(lease)} s.");
        return next(invocation);
    }

    public void Dispose() => _limiter?.Dispose();
}
