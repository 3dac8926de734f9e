using System.Diagnostics;
using System.Globalization;
using System.Net;
using Tracking.Clients.Common.Hosting;
using Tracking.PushBenchmark;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await new BenchmarkRun(options).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

namespace Tracking.PushBenchmark
{
    /// <summary>One benchmark run: server, organisation, screens, load, drain, analysis, report.</summary>
    public sealed class BenchmarkRun(BenchmarkOptions options)
    {
        private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

        public async Task<int> RunAsync(CancellationToken cancel)
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                AutomaticDecompression = DecompressionMethods.None,
            })
            { Timeout = TimeSpan.FromSeconds(60) };

            if (BuildInfo.Configuration == "Debug")
                Console.WriteLine("warning: this is a Debug build (server and benchmark); run with -c Release for representative numbers.");

            await using var server = options.Url is null
                ? await ServerProcess.StartAsync(new ServerLaunch(options.ServerDll, options.Postgres, options.ServerArgs), cancel)
                : ServerProcess.Attach(options.Url, options.ServerPid);
            Console.WriteLine($"Server: {server.Description}");
            await server.WaitHealthyAsync(http, TimeSpan.FromSeconds(120), cancel);

            var org = Organisation.Plan(options);
            var setup = Stopwatch.StartNew();
            await org.CreateAsync(http, server.BaseUrl, cancel);
            Console.WriteLine($"Organisation {org.RunId}: {options.Agents} agents in {options.Branches} branches × {options.TeamsPerBranch} teams, " +
                              $"time zone {org.TimeZone} ({setup.Elapsed.TotalSeconds:0.0} s)");

            setup.Restart();
            var load = new LoadGenerator(options, org, http, server.BaseUrl);
            var primed = await load.PrimeAsync(cancel);
            Console.WriteLine($"Primed: {primed} events, one per agent, before the screens subscribe ({setup.Elapsed.TotalSeconds:0.0} s)");

            setup.Restart();
            var screens = await ConnectScreensAsync(org, server.BaseUrl, cancel);
            var topics = options.ExtraTopic is null ? "1 topic" : "2 topics";
            Console.WriteLine($"Screens: {screens.Count} {options.Protocol} WebSocket connections, {topics} each " +
                              $"(e.g. {org.Branches[0].FypTopic}{(org.Branches[0].ExtraTopic is { } x ? " and " + x : "")}) ({setup.Elapsed.TotalSeconds:0.0} s)");

            try
            {
                return await MeasureAsync(server, org, screens, load, cancel);
            }
            finally
            {
                await Task.WhenAll(screens.Select(s => s.StopAsync()));
            }
        }

        private async Task<List<Screen>> ConnectScreensAsync(Organisation org, string baseUrl, CancellationToken cancel)
        {
            var plan = new List<(int Index, BranchPlan Branch)>();
            for (var i = 0; i < options.Screens; i++) plan.Add((i, org.Branches[i % org.Branches.Length]));
            var screens = new Screen[plan.Count];
            using var gate = new SemaphoreSlim(16);
            // The first connection alone: a protocol the server refuses is reported once, clearly.
            if (plan.Count > 0) screens[0] = await Screen.ConnectAsync(0, plan[0].Branch, baseUrl, options.Protocol, cancel);
            await Task.WhenAll(plan.Skip(1).Select(async p =>
            {
                await gate.WaitAsync(cancel);
                try { screens[p.Index] = await Screen.ConnectAsync(p.Index, p.Branch, baseUrl, options.Protocol, cancel); }
                finally { gate.Release(); }
            }));
            return screens.ToList();
        }

        private async Task<int> MeasureAsync(ServerProcess server, Organisation org, List<Screen> screens, LoadGenerator load, CancellationToken cancel)
        {
            var freq = Stopwatch.Frequency;
            var loadStart = Stopwatch.GetTimestamp() + freq / 2;
            var windowStart = loadStart + (long)(options.Warmup * freq);
            var windowEnd = windowStart + (long)(options.Seconds * freq);
            var serverLinesBefore = server.OutputLines;

            Console.WriteLine($"Load: {options.Rate:0.#} events/s offered as POSTs of {options.Batch} policy events " +
                              $"({options.Rate / options.Batch:0.#} POSTs/s, one sender per branch); {options.Warmup:0.#} s warm-up, {options.Seconds:0.#} s measured");
            var start = Reading.Take(server);
            var running = load.RunAsync(loadStart, windowEnd, cancel);
            var progress = ProgressAsync(server, load, loadStart, windowStart, windowEnd, running, cancel);

            await SleepUntilAsync(windowStart, cancel);
            var atWindowStart = Reading.Take(server);
            var othersAtStart = OtherProcesses.Snapshot();
            await SleepUntilAsync(windowEnd, cancel);
            var atWindowEnd = Reading.Take(server);
            var others = OtherProcesses.Top(othersAtStart, OtherProcesses.Snapshot(), [server.Pid], 3);
            await running;
            await progress;

            // Drain: until every screen shows its branch's final total, or the drain time is up.
            var drainEnd = Stopwatch.GetTimestamp() + (long)(options.Drain * freq);
            var finals = org.Branches.ToDictionary(b => b, b => load.RecordsOf(b.Index).Where(p => p.Ok).Select(p => p.CumulativeFyp).DefaultIfEmpty(0m).Max());
            while (Stopwatch.GetTimestamp() < drainEnd
                   && screens.Any(s => s.LostReason is null && !(s.LatestSum >= s.SnapshotSum + finals[s.Branch] - 0.001m)))
                await Task.Delay(50, cancel);
            var drained = Seconds(Stopwatch.GetTimestamp() - atWindowEnd.Timestamp);

            var (peak, rss) = server.Memory();
            var end = Reading.Take(server);
            await Task.WhenAll(screens.Select(s => s.StopAsync()));
            var analysis = Analysis.Compute(org, screens, load, windowStart, windowEnd, Math.Max(5, Math.Ceiling(options.Seconds / 12)));

            var report = new Report(options, org, screens.Count, analysis, server, start, atWindowStart, atWindowEnd, end, peak, rss, drained,
                server.OutputLines - serverLinesBefore, others);
            report.Print(screens);
            return 0;
        }

        private async Task ProgressAsync(ServerProcess server, LoadGenerator load, long loadStart, long windowStart, long windowEnd, Task running, CancellationToken cancel)
        {
            var freq = Stopwatch.Frequency;
            var previous = Reading.Take(server);
            long previousEvents = 0, previousPushes = Screen.TotalPushes;
            var every = (long)(5 * freq);
            for (var next = loadStart + every; !running.IsCompleted; next += every)
            {
                if (next > windowEnd) next = windowEnd;
                await Task.WhenAny(running, SleepUntilAsync(next, cancel));
                var now = Reading.Take(server);
                var dt = Seconds(now.Timestamp - previous.Timestamp);
                if (dt < 0.5) break;
                var events = load.AcknowledgedEvents;
                var pushes = Screen.TotalPushes;
                var phase = now.Timestamp <= windowStart + freq / 10 ? "warm-up" : "measured";
                var serverCpu = now.ServerCpu is { } a && previous.ServerCpu is { } b ? $"{(a - b).TotalSeconds / dt * 100,4:0}%" : " n/a";
                Console.WriteLine($"  t={Seconds(now.Timestamp - loadStart),5:0.0}s {phase,-8}  events/s {(events - previousEvents) / dt,7:0}  " +
                                  $"pushes/s {(pushes - previousPushes) / dt,7:0}  server CPU {serverCpu}  " +
                                  $"benchmark CPU {(now.BenchmarkCpu - previous.BenchmarkCpu).TotalSeconds / dt * 100,4:0}%  failed POSTs {load.FailedPosts}");
                previous = now;
                previousEvents = events;
                previousPushes = pushes;
            }
        }

        private static Task SleepUntilAsync(long timestamp, CancellationToken cancel)
        {
            var wait = timestamp - Stopwatch.GetTimestamp();
            return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancel);
        }
    }
}
