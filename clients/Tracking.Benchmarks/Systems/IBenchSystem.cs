using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks.Systems;

/// <summary>One POST / pipeline / transaction / COPY: when it was due, sent and acknowledged (durable), and whether it was.</summary>
public sealed record BatchRecord(Batch Batch, long Due, long Sent, long Acked, bool Ok, int Attempts, string? Error);

/// <summary>The event-to-subscriber latencies of a phase's measured batches, in milliseconds, and how many never arrived.</summary>
public sealed record SubscriberLatency(IReadOnlyList<double> Milliseconds, long Never, string How);

/// <summary>A way to store the workload durably and tell a subscriber: the server under test or a baseline.</summary>
public interface IBenchSystem : IAsyncDisposable
{
    /// <summary>(a), (b), (b'), (c), (d).</summary>
    string Label { get; }

    string Title { get; }

    /// <summary>How durable an acknowledgement is, in a few words.</summary>
    string Durability { get; }

    /// <summary>Starts what it needs, creates the organisation or schema, connects its subscribers.</summary>
    Task StartAsync(Organisation org, CancellationToken cancel);

    /// <summary>Stores the batch; returns once it is durable (throws if it could not be stored).</summary>
    Task<int> SendAsync(Batch batch, CancellationToken cancel);

    /// <summary>Processes whose CPU and peak memory count as the system's (besides its PostgreSQL, if any).</summary>
    IReadOnlyList<int> Processes { get; }

    /// <summary>The PostgreSQL cluster whose CPU and memory count as the system's, or null.</summary>
    LocalPostgres? Postgres { get; }

    /// <summary>Event-to-subscriber latency of these (acknowledged, measured) batches, or null when there is no subscriber.</summary>
    Task<SubscriberLatency?> SubscriberLatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain);

    /// <summary>One line about the system as it ran (versions, settings), for the report.</summary>
    string Describe();
}
