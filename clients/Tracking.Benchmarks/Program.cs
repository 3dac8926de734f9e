using System.Globalization;
using Tracking.Benchmarks;
using Tracking.Benchmarks.Infrastructure;
using Tracking.Benchmarks.Systems;
using Tracking.Clients.Common.Hosting;
using Tracking.Clients.Common.Workload;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (options.AnalyseTrace is { } traceFile)
{
    var tool = ServerTrace.FindTool();
    if (tool is null)
    {
        Console.Error.WriteLine("error: dotnet-trace is not installed (dotnet tool install --global dotnet-trace).");
        return 1;
    }
    await ServerTrace.PrintBusyAsync(tool, traceFile, 40);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var repoRoot = ServerProcess.FindRepositoryRoot();
if (repoRoot is null)
{
    Console.Error.WriteLine("error: run from the repository (Tracking.sln was not found above the current directory).");
    return 1;
}
if (options.Scaling is { } sizes)
    return await Tracking.Benchmarks.Scaling.ScalingReport.RunAsync(options, repoRoot, sizes, cancel.Token);
if (BuildInfo.Configuration == "Debug")
    Console.WriteLine("warning: a Debug build (server and benchmark); run with -c Release for representative numbers.");

var now = DateTimeOffset.UtcNow;
var org = Organisation.Generate(new OrganisationSpec
{
    Agents = options.Agents,
    Branches = options.Branches,
    TimeZoneOverride = Organisation.DaytimeZone(now),
}, options.Seed);
var runId = Guid.NewGuid().ToString("N")[..6];
Console.WriteLine($"Tracking comparison benchmark, run {runId}, {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
                  $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0} GiB, load average {LoadAverage()}");
Console.WriteLine($"Workload: {org.Agents.Length} agents in {org.Branches.Length} branches × {org.Teams.Count() / org.Branches.Length}-ish teams ({org.Branches[0].Template.TimeZone}), " +
                  $"batches of {options.Batch} (one branch each), {options.Senders} senders, seed {options.Seed}; " +
                  $"flat out {options.Seconds:0} s after {options.Warmup:0} s warm-up" + (options.Rate > 0 ? $", then {options.Rate:N0} events/s for {options.RateSeconds:0} s" : ""));

LocalPostgres? pg = null;
var flat = new List<PhaseResult>();
var paced = new List<PhaseResult>();
var traces = new List<string>();
var traceTool = options.TraceDir is null ? null : ServerTrace.FindTool()
    ?? throw new InvalidOperationException("--trace needs dotnet-trace (dotnet tool install --global dotnet-trace).");
if (options.TraceDir is not null) Directory.CreateDirectory(options.TraceDir);

// A trace of (a)'s server over a phase's measured window (the phase starts 0.2 s after this is called).
Task<string?> Trace(IBenchSystem system, string phase, double warmup, double seconds) =>
    traceTool is not null && system is TrackingServerSystem && system.Processes.Count > 0
        ? ServerTrace.CollectAsync(traceTool, system.Processes[0], TimeSpan.FromSeconds(warmup + 0.2), TimeSpan.FromSeconds(Math.Max(1, Math.Floor(seconds))),
            Path.Combine(options.TraceDir!, $"server-{phase}-{runId}.nettrace"), cancel.Token)
        : Task.FromResult<string?>(null);

try
{
    if (options.Systems.Any(s => s is "a" or "a-base" or "c" or "d"))
    {
        pg = await LocalPostgres.StartAsync(repoRoot, options.PgDir, options.PgPort, cancel.Token);
        Console.WriteLine($"PostgreSQL: {pg.AdminConnectionString} (cluster {options.PgDir}, fsync on, synchronous_commit on)");
    }
    var runner = new PhaseRunner(options, org);
    for (var round = 1; round <= options.Repeat; round++)
    {
        foreach (var key in options.Systems)
        {
            await using IBenchSystem system = key switch
            {
                "a" => new TrackingServerSystem(options, pg!, runId),
                "a-base" => new TrackingServerSystem(options, pg!, runId, TrackingServerSystem.Build.Baseline),
                "b" => new RedisSystem("always"),
                "b-everysec" => new RedisSystem("everysec"),
                "c" => new PostgresCountersSystem(pg!, runId),
                _ => new PostgresCopySystem(pg!, runId, repoRoot),
            };
            Console.WriteLine();
            Console.WriteLine($"{system.Label} {system.Title}: starting" + (options.Repeat > 1 ? $" (round {round} of {options.Repeat})" : ""));
            await system.StartAsync(org, cancel.Token);
            Console.WriteLine($"    {system.Describe()}");
            var history = new List<BatchRecord>();
            var flatTrace = Trace(system, $"flat-r{round}", options.Warmup, options.Seconds);
            flat.Add(await runner.RunAsync(system, PhaseMode.FlatOut, history, cancel.Token) with { Round = round });
            if (await flatTrace is { } f) traces.Add(f);
            if (options.Rate > 0)
            {
                await Task.Delay(2000, cancel.Token);
                var pacedTrace = Trace(system, $"paced-r{round}", 2, options.RateSeconds);
                paced.Add(await runner.RunAsync(system, PhaseMode.Paced, history, cancel.Token) with { Round = round });
                if (await pacedTrace is { } p) traces.Add(p);
            }
        }
    }
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    if (flat.Count == 0) return 1;
}
finally
{
    if (pg is not null && !options.KeepPg) await pg.StopIfStartedHereAsync();
}

var repeated = options.Repeat > 1 ? $"; of {options.Repeat} rounds, each system's least disturbed by other processes" : "";
Report.PrintRounds(flat, paced, options);
var flatChosen = Report.LeastDisturbed(flat);
var pacedChosen = Report.LeastDisturbed(paced);
Report.PrintPhase(flatChosen, options, $"Flat out: each of {options.Senders} senders posts its next batch of {options.Batch} when the last is acknowledged; {options.Seconds:0} s measured{repeated}");
Report.PrintPhase(pacedChosen, options, $"Paced: {options.Rate:N0} events/s offered in batches of {options.Batch}; {options.RateSeconds:0} s measured{repeated}");
Report.PrintGoals(flatChosen, pacedChosen, options);
foreach (var trace in traces)
{
    Console.WriteLine();
    await ServerTrace.PrintTopAsync(traceTool!, trace, 25);
    await ServerTrace.PrintBusyAsync(traceTool!, trace, 40);
}
Console.WriteLine();
Console.WriteLine("Ratios (×) are to (a) in the same run. Durable: (a) event log committed with fsync; (b) AOF fsync always; (c), (d) commit with fsync; (b') everysec is not durable to the second.");
Console.WriteLine("CPU and memory of the system: (a) the server process plus its PostgreSQL cluster; (b) redis-server; (c), (d) the PostgreSQL cluster. Load gen: this process (it also runs the baselines' client side and the subscribers).");
return 0;

static string LoadAverage()
{
    try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "n/a"; }
}
