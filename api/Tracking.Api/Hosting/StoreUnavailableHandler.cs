using Orleans.Runtime;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Tracking.Abstractions.Storage;
using Tracking.Api.Endpoints;

namespace Tracking.Api.Hosting;

/// <summary>
/// When the database behind the grains cannot be reached (a grain cannot load its state, the log cannot be
/// read), the answer is a 503 with Retry-After, not a 500: the client should simply try again later.
/// </summary>
public sealed class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (IsStoreUnavailable(exception))
        {
            logger.LogWarning("Store unavailable while serving {Path}: {Message}", httpContext.Request.Path, exception.GetBaseException().Message);
            await Problems.Unavailable(RetryAfter, "The database cannot be reached right now; nothing was changed.").ExecuteAsync(httpContext);
            return true;
        }
        if (IsClusterBusy(exception) || IsInternalCancellation(exception, httpContext))
        {
            logger.LogWarning("Cluster busy while serving {Path}: {Message}", httpContext.Request.Path, exception.GetBaseException().Message);
            await Problems.Unavailable(RetryAfter, "The server is too busy to answer right now (e.g. rebuilding after a restart); try again shortly.").ExecuteAsync(httpContext);
            return true;
        }
        return false;
    }

    /// <summary>
    /// A cancellation the client did not ask for: Orleans cancels an activation that cannot start in time (its
    /// OnActivateAsync sees the token) and hands the caller that cancellation.
    /// </summary>
    private static bool IsInternalCancellation(Exception exception, HttpContext httpContext) =>
        exception.GetBaseException() is OperationCanceledException && !httpContext.RequestAborted.IsCancellationRequested;

    /// <summary>
    /// Orleans refused or dropped the call for now: a grain's activation was cancelled because it could not start in
    /// time, its node went away, or a gateway or queue is full. Nothing was done and a retry later can succeed.
    /// </summary>
    public static bool IsClusterBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OrleansMessageRejectionException or GatewayTooBusyException or LimitExceededException) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsClusterBusy)) return true;
        }
        return false;
    }

    public static bool IsStoreUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is EventLogUnavailableException or TimeoutException or SocketException) return true;
            if (e.GetType().FullName is { } name && name.StartsWith("Npgsql.", StringComparison.Ordinal)) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsStoreUnavailable)) return true;
        }
        return false;
    }
}
