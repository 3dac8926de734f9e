using Tracking.Clients.Common.Hosting;

namespace Tracking.PushBenchmark;

/// <summary>The printed result: a table and a one-line summary.</summary>
public sealed class Report(
    BenchmarkOptions options, Organisation org, int screenCount, Analysis a, ServerProcess server,
    Reading start, Reading windowStart, Reading windowEnd, Reading end, long? peakMemory, long? currentMemory,
    double drainSeconds, int serverLines, IReadOnlyList<string> others)
{
    private double Window => (double)(windowEnd.Timestamp - windowStart.Timestamp) / System.Diagnostics.Stopwatch.Frequency;

    public void Print(IReadOnlyList<Screen> screens)
    {
        var cores = Environment.ProcessorCount;
        var serverCpu = Delta(windowStart.ServerCpu, windowEnd.ServerCpu);
        var serverCpuTotal = end.ServerCpu;
        var benchCpu = (windowEnd.BenchmarkCpu - windowStart.BenchmarkCpu).TotalSeconds;
        var benchCpuTotal = (end.BenchmarkCpu - start.BenchmarkCpu).TotalSeconds;
        double? machineBusy = windowStart.Machine is { } m0 && windowEnd.Machine is { } m1 && m1.Total > m0.Total
            ? (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total) * 100
            : null;
        var p99 = a.PushLatency.Percentile(99);
        var met = p99 is { } p && p < options.TargetP99Ms && a.NeverReceived == 0 && a.Pairs > 0;

        var line = new string('─', 78);
        Console.WriteLine();
        Console.WriteLine(line);
        Console.WriteLine($" Tracking push benchmark — {(server.IsChild ? server.Description.Split(',')[0] : "external server")}, {options.Protocol} hub protocol, {cores} cores");
        Console.WriteLine($" {options.Agents} agents, {options.Branches} branches × {options.TeamsPerBranch} teams; {screenCount} screens; " +
                          $"{options.Rate:0.#} events/s offered in POSTs of {options.Batch}; {Window:0.0} s measured after {options.Warmup:0.#} s warm-up");
        Console.WriteLine(line);
        Row("Push latency, HTTP response → screen receipt", "");
        Row("  p50", Ms(a.PushLatency.Percentile(50)));
        Row("  p99", Ms(p99));
        Row("  max", Ms(a.PushLatency.Max));
        Row("  (POST, screen) pairs measured", $"{a.Pairs:N0}");
        Row("  never received", $"{a.NeverReceived:N0}" + (a.Pairs > 0 ? $" ({(double)a.NeverReceived / a.Pairs:P2})" : ""));
        Row("  received before the HTTP response (counted 0)", $"{a.BeforeResponse:N0}");
        Row("Throughput", "");
        Row("  events/s achieved (acknowledged)", $"{a.MeasuredEvents / Window:N1}  (offered {options.Rate:N0})");
        Row("  POSTs measured / failed", $"{a.MeasuredPosts:N0} / {a.FailedPosts:N0}" + (a.FailedPosts > 0 ? $"  ({a.FailureStatuses})" : ""));
        Row("  HTTP latency p50 / p99 / max", $"{Ms(a.HttpLatency.Percentile(50))} / {Ms(a.HttpLatency.Percentile(99))} / {Ms(a.HttpLatency.Max)}");
        Row("  sender behind schedule p99 / max", $"{Ms(a.ScheduleLag.Percentile(99))} / {Ms(a.ScheduleLag.Max)}");
        Row("  pushes received/s, all screens", $"{(a.FypPushes + a.ExtraPushes) / Window:N0}" +
            (options.ExtraTopic is null ? "" : $"  (FYP teams board {a.FypPushes / Window:N0}, extra topic {a.ExtraPushes / Window:N0})"));
        Row("  FYP board pushes/s per screen", screenCount > 0 ? $"{a.FypPushes / Window / screenCount:0.0}" : "n/a");
        Row($"Server{(server.Pid is { } pid ? $" (pid {pid})" : "")}", "");
        Row("  CPU seconds in the measured window", serverCpu is { } sc ? $"{sc:0.0} s  ({sc / Window / cores:P0} of {cores} cores)" : "n/a");
        Row("  CPU seconds since it started", serverCpuTotal is { } st ? $"{st.TotalSeconds:0.0} s" : "n/a");
        Row("  peak memory (VmHWM) / at the end (RSS)", $"{MiB(peakMemory)} / {MiB(currentMemory)}");
        Row("  lines it wrote to stdout/stderr during the run", $"{serverLines}");
        Row("Benchmark (this process: load + screens)", "");
        Row("  CPU seconds in the measured window", $"{benchCpu:0.0} s  ({benchCpu / Window / cores:P0} of {cores} cores)");
        Row("  CPU seconds, load through drain", $"{benchCpuTotal:0.0} s");
        Row("Machine CPU busy in the measured window", machineBusy is { } mb
            ? $"{mb:0}% of {cores} cores" + (serverCpu is { } s1 ? $"  (other processes ≈ {Math.Max(0, mb - (s1 + benchCpu) / Window / cores * 100):0}%)" : "")
            : "n/a");
        if (others.Count > 0)
            Row("  biggest other CPU users (CPU seconds)", string.Join("; ", others));
        Row("Screens lost / malformed pushes", $"{a.LostScreens} / {a.Malformed}");
        Row("Drain after the load", $"{drainSeconds:0.0} s");
        Console.WriteLine(line);
        Console.WriteLine(" Over the measured window (by when the POSTs were due):");
        Console.WriteLine("     seconds   events/s   push p50   push p99   push max   http p99   sender lag max");
        foreach (var s in a.Slices)
        {
            var span = s.To - s.From;
            Console.WriteLine($"   {s.From,4:0}–{s.To,-4:0}  {s.Events / span,9:0}  {Ms(s.PushLatency.Percentile(50)),9}  {Ms(s.PushLatency.Percentile(99)),9}  " +
                              $"{Ms(s.PushLatency.Max),9}  {Ms(s.HttpLatency.Percentile(99)),9}  {Ms(s.MaxLag),9}" + (s.Never > 0 ? $"   never received {s.Never}" : ""));
        }
        Console.WriteLine(line);
        foreach (var lost in screens.Where(s => s.LostReason is not null).Take(3))
            Console.WriteLine($" screen {lost.Index} lost: {lost.LostReason}");
        Console.WriteLine($"target p99 < {options.TargetP99Ms:0} ms: {(met ? "met" : "MISSED")}" +
                          (a.NeverReceived > 0 ? $" ({a.NeverReceived:N0} pushes never received)" : ""));
        Console.WriteLine(
            $"SUMMARY push p50={Ms(a.PushLatency.Percentile(50))} p99={Ms(p99)} max={Ms(a.PushLatency.Max)} missing={a.NeverReceived} " +
            $"events/s={a.MeasuredEvents / Window:0} pushes/s={(a.FypPushes + a.ExtraPushes) / Window:0} " +
            $"http p99={Ms(a.HttpLatency.Percentile(99))} server_cpu={(serverCpu is { } s2 ? $"{s2:0.0}s" : "n/a")} " +
            $"peak_mem={MiB(peakMemory)} bench_cpu={benchCpu:0.0}s screens={screenCount} protocol={options.Protocol.ToString().ToLowerInvariant()} run={org.RunId}");
    }

    private static void Row(string label, string value) => Console.WriteLine($" {label,-48} {value}");

    private static string Ms(double? ms) => ms is { } v ? (v < 10 ? $"{v:0.0} ms" : $"{v:0} ms") : "n/a";

    private static string MiB(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:0} MiB" : "n/a";

    private static double? Delta(TimeSpan? from, TimeSpan? to) => from is { } f && to is { } t ? (t - f).TotalSeconds : null;
}
