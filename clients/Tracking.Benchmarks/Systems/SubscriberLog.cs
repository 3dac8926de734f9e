using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tracking.Benchmarks.Systems;

/// <summary>
/// What a baseline's subscriber received: the arrival time of each batch's last message (a batch's messages
/// are published in order on one connection, so its last one arriving means all of them have).
/// </summary>
public sealed class SubscriberLog
{
    private readonly ConcurrentDictionary<(int, long), long> _closed = new();
    private long _messages;

    public long Messages => Interlocked.Read(ref _messages);

    public void OnMessage(ReadOnlySpan<char> message)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _messages);
        if (Batch.TryParseTag(message, out var sender, out var number, out var last) && last) _closed.TryAdd((sender, number), now);
    }

    public async Task<SubscriberLatency> LatencyAsync(IReadOnlyList<BatchRecord> all, Func<BatchRecord, bool> measured, TimeSpan drain, string how)
    {
        var wanted = all.Where(r => r.Ok && measured(r)).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && wanted.Any(r => !_closed.ContainsKey((r.Batch.Sender, r.Batch.Number))))
            await Task.Delay(50);
        var toMs = 1000.0 / Stopwatch.Frequency;
        var ms = new List<double>(wanted.Length);
        long never = 0;
        foreach (var r in wanted)
        {
            if (_closed.TryGetValue((r.Batch.Sender, r.Batch.Number), out var at)) ms.Add(Math.Max(0, at - r.Acked) * toMs);
            else never++;
        }
        return new SubscriberLatency(ms, never, how);
    }
}
