using System.Diagnostics;
using Tracking.Benchmarks.Systems;
using Tracking.Clients.Common.Measurement;
using Tracking.Clients.Common.Workload;

namespace Tracking.Benchmarks;

public enum PhaseMode { FlatOut, Paced }

/// <summary>What one system did in one phase's measured window.</summary>
public sealed record PhaseResult(
    IBenchSystem System,
    PhaseMode Mode,
    double Seconds,
    long Events,
    long Batches,
    long Failed,
    long Retries,
    string? FirstError,
    Distribution Ingest,
    Distribution ScheduleLag,
    Distribution? Subscriber,
    long SubscriberNever,
    string? SubscriberHow,
    Resources Resources)
{
    public double EventsPerSecond => Events / Seconds;

    /// <summary>Which round of <c>--repeat</c> this was.</summary>
    public int Round { get; init; } = 1;

    /// <summary>The machine's busy share not used by the system or the load generator: other people's processes.</summary>
    public double? OtherShare => Resources.MachineBusy is { } busy
        ? Math.Max(0, busy - ((Resources.SystemCpu ?? 0) + Resources.SelfCpu) / (Seconds * Environment.ProcessorCount))
        : null;
}

/// <summary>
/// Drives one phase against one system: every sender posts its own branches' batches one after another, either
/// flat out (the next as soon as the last is acknowledged) or paced (on a fixed schedule that together offers
/// --rate events/s, staggered across senders; a sender behind schedule sends at once). Batches sent (flat out) or
/// due (paced) inside the measured window count; the resources are measured over the same window.
/// </summary>
public sealed class PhaseRunner(BenchOptions options, Organisation org)
{
    public async Task<PhaseResult> RunAsync(IBenchSystem system, PhaseMode mode, List<BatchRecord> history, CancellationToken cancel)
    {
        var freq = Stopwatch.Frequency;
        var warmup = mode == PhaseMode.FlatOut ? options.Warmup : 2;
        var seconds = mode == PhaseMode.FlatOut ? options.Seconds : options.RateSeconds;
        var sources = SenderSource.ForAll(org, options.Senders, options.Batch, options.Seed, mode == PhaseMode.FlatOut ? "f" : "p");
        var start = Stopwatch.GetTimestamp() + freq / 5;
        var windowStart = start + (long)(warmup * freq);
        var windowEnd = windowStart + (long)(seconds * freq);
        var records = sources.Select(_ => new List<BatchRecord>(4096)).ToArray();
        long acknowledged = 0, failed = 0;
        string? firstError = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancel);

        async Task SendLoopAsync(SenderSource source)
        {
            var interval = options.Batch / (options.Rate / options.Senders) * freq;
            var offset = interval * source.Sender / options.Senders;
            for (long n = 0; !abort.IsCancellationRequested; n++)
            {
                long due;
                if (mode == PhaseMode.FlatOut)
                {
                    due = Stopwatch.GetTimestamp();
                    if (due >= windowEnd) break;
                }
                else
                {
                    due = start + (long)(offset + n * interval);
                    if (due >= windowEnd) break;
                    var wait = due - Stopwatch.GetTimestamp();
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / freq), abort.Token);
                }
                var batch = source.Next();
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    var attempts = await system.SendAsync(batch, abort.Token);
                    records[source.Sender].Add(new BatchRecord(batch, due, sent, Stopwatch.GetTimestamp(), true, attempts, null));
                    batch.Forget();
                    Interlocked.Add(ref acknowledged, batch.Count);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !abort.IsCancellationRequested)
                {
                    records[source.Sender].Add(new BatchRecord(batch, due, sent, Stopwatch.GetTimestamp(), false, 1, ex.GetBaseException().Message));
                    batch.Forget();
                    Interlocked.CompareExchange(ref firstError, ex.GetBaseException().Message, null);
                    if (Interlocked.Increment(ref failed) >= 50) await abort.CancelAsync();
                }
            }
        }

        var meter = new ResourceMeter(system);
        var senders = sources.Select(s => Task.Run(() => SendLoopAsync(s), abort.Token)).ToArray();
        var all = Task.WhenAll(senders);
        // Progress every 5 s, and the meter at the window's edges.
        var began = false;
        long lastEvents = 0;
        var lastAt = start;
        var phaseName = mode == PhaseMode.FlatOut ? "flat out" : $"paced {options.Rate:0}/s";
        while (!all.IsCompleted)
        {
            var now = Stopwatch.GetTimestamp();
            if (!began && now >= windowStart)
            {
                meter.Begin();
                began = true;
            }
            var nextEdge = !began ? windowStart : lastAt + 5 * freq;
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(Math.Max(0.01, (double)(nextEdge - Stopwatch.GetTimestamp()) / freq)), cancel));
            now = Stopwatch.GetTimestamp();
            if (now - lastAt >= 5 * freq || all.IsCompleted)
            {
                var events = Interlocked.Read(ref acknowledged);
                var dt = (double)(now - lastAt) / freq;
                if (dt > 0.5) Console.WriteLine($"    {system.Label} {phaseName}: t={(double)(now - start) / freq,5:0.0} s  {(events - lastEvents) / dt,8:N0} events/s  failed {Interlocked.Read(ref failed)}");
                lastEvents = events;
                lastAt = now;
            }
        }
        if (!began) meter.Begin();
        var resources = await meter.EndAsync();
        try { await all; }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested) { }

        var mine = records.SelectMany(r => r).ToList();
        history.AddRange(mine);
        bool Measured(BatchRecord r) => (mode == PhaseMode.FlatOut ? r.Sent : r.Due) is var t && t >= windowStart && t < windowEnd;
        var measured = mine.Where(Measured).ToList();
        var ok = measured.Where(r => r.Ok).ToList();
        var toMs = 1000.0 / freq;
        var measuredSet = new HashSet<BatchRecord>(measured, ReferenceEqualityComparer.Instance);
        var subscriber = await system.SubscriberLatencyAsync(history, measuredSet.Contains, TimeSpan.FromSeconds(options.Drain));
        return new PhaseResult(
            system, mode, seconds,
            ok.Sum(r => (long)r.Batch.Count), ok.Count, measured.Count(r => !r.Ok), ok.Sum(r => (long)r.Attempts - 1), firstError,
            new Distribution(ok.Select(r => (r.Acked - r.Sent) * toMs)),
            new Distribution(measured.Select(r => Math.Max(0, r.Sent - r.Due) * toMs)),
            subscriber is null ? null : new Distribution(subscriber.Milliseconds),
            subscriber?.Never ?? 0,
            subscriber?.How,
            resources);
    }
}
