using Tracking.Benchmarks.Infrastructure;
using Tracking.Clients.Common.Hosting;

namespace Tracking.Benchmarks.Scaling;

/// <summary>The <c>--scaling</c> mode: starts the benchmark's PostgreSQL, measures every size in turn and prints the table.</summary>
public static class ScalingReport
{
    /// <summary>The issue's bar for the largest row: resident within 4 GiB, and the log's events rebuilt within 60 s.</summary>
    private const int BarAgents = 100_000;
    private const long BarRss = 4L << 30;
    private const double BarRebuildSeconds = 60;

    public static async Task<int> RunAsync(BenchOptions options, string repoRoot, IReadOnlyList<int> sizes, CancellationToken cancel)
    {
        var runId = Guid.NewGuid().ToString("N")[..6];
        Console.WriteLine($"Tracking scaling table, run {runId}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores; " +
                          $"{BenchOptions.ScalingAgentsPerBranch} agents per branch, batches of {options.Batch}, up to {options.Senders} senders, " +
                          $"flat out {options.Seconds:0} s after {options.Warmup:0} s warm-up, rebuild of {options.RebuildEvents:N0} events, seed {options.Seed}");
        if (BuildInfo.Configuration == "Debug")
            Console.WriteLine("warning: a Debug build (server and benchmark); run with -c Release for representative numbers.");
        var pg = await LocalPostgres.StartAsync(repoRoot, options.PgDir, options.PgPort, cancel);
        Console.WriteLine($"PostgreSQL: {pg.AdminConnectionString} (cluster {options.PgDir}, fsync on, synchronous_commit on)");
        var rows = new List<ScalingRow>();
        var run = new ScalingRun(options, pg, runId);
        try
        {
            foreach (var agents in sizes) rows.Add(await run.MeasureAsync(agents, cancel));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
        }
        finally
        {
            if (!options.KeepPg) await pg.StopIfStartedHereAsync();
        }
        Print(rows, options);
        return rows.Count == sizes.Count ? 0 : 1;
    }

    private static void Print(IReadOnlyList<ScalingRow> rows, BenchOptions options)
    {
        if (rows.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"Scaling: the Tracking server durable on PostgreSQL, {BenchOptions.ScalingAgentsPerBranch} agents per branch");
        Console.WriteLine();
        Console.WriteLine($"| Agents | Branches | RSS, org loaded | RSS, all resident | RSS per agent | Flat out, events/s | First read after restart | Median of next {ScalingRun.FirstReadSamples} | Log events | Rebuild | Peak RSS in rebuild |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var perAgent = r.RssPerAgent is { } b ? $"{b / 1024:N1} KiB" : "n/a";
            Console.WriteLine($"| {r.Agents:N0} | {r.Branches:N0} | {ScalingRun.Mib(r.RssLoaded)} | {ScalingRun.Mib(r.RssResident)} | {perAgent} | {r.EventsPerSecond:N0} | " +
                              $"{r.FirstReadMs:N0} ms | {r.FirstReadP50Ms:N0} ms | {r.LogEvents:N0} | {r.RebuildSeconds:N1} s | {ScalingRun.Mib(r.RebuildPeakRss)} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Flat out: {options.Seconds:0} s measured after {options.Warmup:0} s warm-up. First read: GET /api/v1/agents/{{id}}/stats?period=month of a random agent " +
                          $"as soon as /health answers after the server was killed and started again on the same database; the median is of {ScalingRun.FirstReadSamples} other agents read one after another.");
        Console.WriteLine($"Rebuild: the agents' ledger snapshots deleted with the server stopped, then from the server's start until every agent answered its stats " +
                          $"({ScalingRun.RebuildConcurrency} requests in flight), each agent replaying its events from the log.");
        if (rows.FirstOrDefault(r => r.Agents == BarAgents) is { } bar)
        {
            var peak = Math.Max(bar.RssResident ?? long.MaxValue, bar.RebuildPeakRss ?? long.MaxValue);
            Console.WriteLine($"Bar at {BarAgents:N0} agents: within 4 GiB {(peak <= BarRss ? "yes" : "NO")} (peak {ScalingRun.Mib(peak)}); " +
                              $"rebuild under {BarRebuildSeconds:0} s {(bar.RebuildSeconds < BarRebuildSeconds ? "yes" : "NO")} ({bar.RebuildSeconds:N1} s of {bar.LogEvents:N0} events).");
        }
    }
}
