using System.Diagnostics;
using Tracking.Clients.Common.Hosting;
using Tracking.Clients.Common.Measurement;

namespace Tracking.PushBenchmark;

/// <summary>CPU and time readings taken at one instant, to difference over the measured window.</summary>
public readonly record struct Reading(long Timestamp, TimeSpan? ServerCpu, TimeSpan BenchmarkCpu, (long Busy, long Total)? Machine)
{
    public static Reading Take(ServerProcess server)
    {
        using var self = Process.GetCurrentProcess();
        return new Reading(Stopwatch.GetTimestamp(), server.CpuTime(), self.TotalProcessorTime, ProcInfo.MachineCpu());
    }
}

/// <summary>The figures of one slice of the measured window (by the time the POSTs were due).</summary>
public sealed record Slice(double From, double To, long Events, Distribution PushLatency, Distribution HttpLatency, double MaxLag, long Never);

/// <summary>What the run measured, worked out after it from the POST records and the screens' receipts.</summary>
public sealed class Analysis
{
    public required IReadOnlyList<Slice> Slices { get; init; }
    public required Distribution PushLatency { get; init; }
    public required long Pairs { get; init; }
    public required long NeverReceived { get; init; }
    public required long BeforeResponse { get; init; }
    public required Distribution HttpLatency { get; init; }
    public required Distribution ScheduleLag { get; init; }
    public required long MeasuredPosts { get; init; }
    public required long FailedPosts { get; init; }
    public required string FailureStatuses { get; init; }
    public required long MeasuredEvents { get; init; }
    public required long FypPushes { get; init; }
    public required long ExtraPushes { get; init; }
    public required int LostScreens { get; init; }
    public required int Malformed { get; init; }

    /// <summary>
    /// For every acknowledged POST due in the window and every screen of its branch: the first FYP board
    /// that screen received whose sum reached the branch's total after that POST, minus the POST's response
    /// time (a board that beat the response counts as 0).
    /// </summary>
    public static Analysis Compute(Organisation org, IReadOnlyList<Screen> screens, LoadGenerator load, long windowStart, long windowEnd, double sliceSeconds)
    {
        var toMs = 1000.0 / Stopwatch.Frequency;
        var sliceTicks = (long)(sliceSeconds * Stopwatch.Frequency);
        var sliceCount = (int)Math.Max(1, Math.Ceiling((double)(windowEnd - windowStart) / sliceTicks));
        int SliceOf(long due) => (int)Math.Min(sliceCount - 1, (due - windowStart) / sliceTicks);
        var sliceLatency = Enumerable.Range(0, sliceCount).Select(_ => new List<double>()).ToArray();
        var sliceHttp = Enumerable.Range(0, sliceCount).Select(_ => new List<double>()).ToArray();
        var sliceLag = new double[sliceCount];
        var sliceEvents = new long[sliceCount];
        var sliceNever = new long[sliceCount];
        var latencies = new List<double>(1 << 17);
        long pairs = 0, never = 0, early = 0;
        var failures = new Dictionary<int, int>();
        var http = new List<double>();
        var lag = new List<double>();
        long measuredPosts = 0, failed = 0, events = 0;

        foreach (var branch in org.Branches)
        {
            var posts = load.RecordsOf(branch.Index);
            foreach (var post in posts)
            {
                if (post.Due < windowStart || post.Due >= windowEnd) continue;
                measuredPosts++;
                var slice = SliceOf(post.Due);
                var behind = Math.Max(0, post.Sent - post.Due) * toMs;
                lag.Add(behind);
                sliceLag[slice] = Math.Max(sliceLag[slice], behind);
                if (!post.Ok)
                {
                    failed++;
                    failures[post.Status] = failures.GetValueOrDefault(post.Status) + 1;
                    continue;
                }
                http.Add((post.Answered - post.Sent) * toMs);
                sliceHttp[slice].Add((post.Answered - post.Sent) * toMs);
                events += post.Events;
                sliceEvents[slice] += post.Events;
            }

            var branchScreens = screens.Where(s => s.Branch == branch).ToArray();
            if (branchScreens.Length == 0) continue;
            var baseline = branchScreens.Max(s => s.SnapshotSum);
            foreach (var screen in branchScreens)
            {
                var receipts = screen.Fyp;
                var next = 0;
                foreach (var post in posts)
                {
                    if (!post.Ok) continue;
                    var expected = baseline + post.CumulativeFyp - 0.001m;
                    // Expected totals only grow along a branch's POSTs, so the first board reaching one lies at or
                    // after the first board reaching the one before.
                    while (next < receipts.Count && receipts[next].Sum < expected) next++;
                    if (post.Due < windowStart || post.Due >= windowEnd) continue;
                    pairs++;
                    if (next == receipts.Count) { never++; sliceNever[SliceOf(post.Due)]++; continue; }
                    var ms = (receipts[next].Timestamp - post.Answered) * toMs;
                    if (ms < 0) { early++; ms = 0; }
                    latencies.Add(ms);
                    sliceLatency[SliceOf(post.Due)].Add(ms);
                }
            }
        }

        long fypPushes = 0, extraPushes = 0;
        foreach (var screen in screens)
        {
            foreach (var r in screen.Fyp) if (r.Timestamp >= windowStart && r.Timestamp < windowEnd) fypPushes++;
            foreach (var t in screen.Extra) if (t >= windowStart && t < windowEnd) extraPushes++;
        }

        var slices = Enumerable.Range(0, sliceCount).Select(i => new Slice(
            i * sliceSeconds, Math.Min((i + 1) * sliceSeconds, (double)(windowEnd - windowStart) / Stopwatch.Frequency),
            sliceEvents[i], new Distribution(sliceLatency[i]), new Distribution(sliceHttp[i]), sliceLag[i], sliceNever[i])).ToArray();

        return new Analysis
        {
            Slices = slices,
            PushLatency = new Distribution(latencies),
            Pairs = pairs,
            NeverReceived = never,
            BeforeResponse = early,
            HttpLatency = new Distribution(http),
            ScheduleLag = new Distribution(lag),
            MeasuredPosts = measuredPosts,
            FailedPosts = failed,
            FailureStatuses = string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{StatusName(f.Key)} ×{f.Value}")),
            MeasuredEvents = events,
            FypPushes = fypPushes,
            ExtraPushes = extraPushes,
            LostScreens = screens.Count(s => s.LostReason is not null),
            Malformed = screens.Sum(s => s.Malformed),
        };
    }

    private static string StatusName(int status) => status switch
    {
        0 => "connection error",
        -1 => "client timeout",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
