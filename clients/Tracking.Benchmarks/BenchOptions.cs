using Tracking.Clients.Common;

namespace Tracking.Benchmarks;

/// <summary>The comparison benchmark's command line.</summary>
public sealed record BenchOptions
{
    public static readonly string[] AllSystems = ["a", "b", "b-everysec", "c", "d"];

    /// <summary>Systems run only when named: (a0), another build of the server (<c>--baseline-dll</c>), for before/after comparisons.</summary>
    public static readonly string[] OptionalSystems = ["a-base"];

    public int Agents { get; private init; }
    public int Branches { get; private init; }
    public int Batch { get; private init; }
    public int Senders { get; private init; }
    public double Seconds { get; private init; }
    public double Warmup { get; private init; }
    public double Rate { get; private init; }
    public double RateSeconds { get; private init; }
    public int Screens { get; private init; }
    public string[] Systems { get; private init; } = AllSystems;
    public int Seed { get; private init; }
    public int Repeat { get; private init; }
    public double Drain { get; private init; }
    public string PgDir { get; private init; } = "";
    public int PgPort { get; private init; }
    public bool KeepPg { get; private init; }
    public string? ServerDll { get; private init; }
    public string? BaselineDll { get; private init; }
    public IReadOnlyList<string> ServerArgs { get; private init; } = [];
    public double TargetP99Ms { get; private init; }
    public string? TraceDir { get; private init; }
    public string? AnalyseTrace { get; private init; }
    public bool Help { get; private init; }

    /// <summary>With <c>--scaling</c>: the organisation sizes (agents) of the scaling table, one row each; null otherwise.</summary>
    public IReadOnlyList<int>? Scaling { get; private init; }

    /// <summary>With <c>--scaling</c>: how many events the log holds when the agents are rebuilt from it.</summary>
    public int RebuildEvents { get; private init; }

    /// <summary>Agents per branch in the scaling table.</summary>
    public const int ScalingAgentsPerBranch = 100;

    /// <summary>
    /// The options of one scaling row: the organisation's size, one branch per 100 agents, no screens and no paced
    /// phase (the row measures the server alone), at most <c>--senders</c> senders.
    /// </summary>
    public BenchOptions ForScalingRow(int agents)
    {
        var branches = Math.Max(1, agents / ScalingAgentsPerBranch);
        return this with { Agents = agents, Branches = branches, Senders = Math.Min(Senders, branches), Screens = 0, Rate = 0 };
    }

    public const string Usage = """
        Tracking comparison benchmark: the same workload through (a) the Tracking server durable on PostgreSQL,
        (b) Redis with appendfsync always and (b') everysec, (c) PostgreSQL counters + LISTEN/NOTIFY, and
        (d) COPY of the event-log rows into PostgreSQL (the ceiling); one machine, one run.

        Usage: dotnet run -c Release --project clients/Tracking.Benchmarks -- [options]

          --agents N         agents (default 1000), in teams of 8-15
          --branches N       branches (default 10); each batch holds one branch's events
          --batch N          events per POST / pipeline / transaction / COPY (default 100)
          --senders N        batches in flight at once, each sender owning its branches (default: --branches)
          --seconds S        measured seconds of the flat-out phase (default 30), after --warmup
          --warmup S         unmeasured seconds of load before the flat-out phase (default 25: the server's
                             JIT needs about 20 s of load to reach its optimised code)
          --rate N           events/s of the paced phase, for latency at a given load (default 5000; 0: none)
          --rate-seconds S   measured seconds of the paced phase (default 20), after 2 s unmeasured
          --screens N        SignalR screens watching (a) (default 20), spread over the branches
          --systems LIST     which to run, of a,b,b-everysec,c,d and a-base (default a,b,b-everysec,c,d, in that
                             order)
          --seed N           the workload (default 1): every system gets the same events in the same batches
          --repeat N         run every system N times, in rounds (default 1); the tables show, per system and
                             phase, the round least disturbed by other processes, and every round is listed
          --drain S          at most this long after a phase for the last subscriber messages (default 5)
          --pg-dir DIR       the benchmark's PostgreSQL cluster (default /tmp/tracking-bench-pg), started with
          --pg-port N        deploy/postgres/start-local.sh on this port (default 55439); stopped at the end
          --keep-pg          leave that cluster running
          --server-dll PATH  the Tracking.Api.dll to start (default: the build of this configuration)
          --server-arg ARG   one more argument for the server, repeatable
          --baseline-dll PATH  with system a-base: another build of Tracking.Api.dll (e.g. of an earlier commit),
                             run as (a0) on the same workload, so a change is measured against its baseline in
                             one run (ratios to (a))
          --target-p99 MS    the event-to-screen target at --rate (default 150)
          --trace DIR        sample (a)'s server with dotnet-trace in each measured window (files in DIR) and
                             print its top methods; tracing slows the server, so quote untraced runs
          --analyse-trace F  only print the busy-time breakdown of a trace file written by --trace
          --scaling LIST     instead of the comparison: the scaling table of (a), one row per organisation size
                             (agents, e.g. 1000,10000,100000; 100 agents per branch): server RSS with every agent
                             resident and per agent, flat-out events/s (--seconds after --warmup, default 5 s here),
                             first read after a restart, and the rebuild of --rebuild-events from the log; its
                             PostgreSQL defaults to /tmp/scale-bench-pg on port 55443
          --rebuild-events N  with --scaling: events the log holds for the rebuild (default 1000000)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var c = new CommandLine(args, "keep-pg");
        var branches = c.Int("branches", 10, 1, 500);
        var scaling = c.String("scaling") is { } sizes ? ParseSizes(sizes) : null;
        var options = new BenchOptions
        {
            Agents = c.Int("agents", 1000, 1),
            Branches = branches,
            Batch = c.Int("batch", 100, 1, 1000),
            Senders = c.Int("senders", branches, 1, branches),
            Seconds = c.Double("seconds", 30, 1),
            Warmup = c.Double("warmup", scaling is null ? 25 : 5, 0),
            Rate = c.Double("rate", 5000, 0),
            RateSeconds = c.Double("rate-seconds", 20, 1),
            Screens = c.Int("screens", 20, 0),
            Systems = (c.String("systems") ?? string.Join(',', AllSystems)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Seed = c.Int("seed", 1),
            Repeat = c.Int("repeat", 1, 1, 10),
            Drain = c.Double("drain", 5, 0),
            PgDir = c.String("pg-dir") ?? (scaling is null ? "/tmp/tracking-bench-pg" : "/tmp/scale-bench-pg"),
            PgPort = c.Int("pg-port", scaling is null ? 55439 : 55443, 1, 65535),
            KeepPg = c.Flag("keep-pg"),
            ServerDll = c.String("server-dll") is { } dll ? Path.GetFullPath(dll) : null,
            BaselineDll = c.String("baseline-dll") is { } baseline ? Path.GetFullPath(baseline) : null,
            ServerArgs = c.All("server-arg"),
            TargetP99Ms = c.Double("target-p99", 150, 0),
            TraceDir = c.String("trace") is { } trace ? Path.GetFullPath(trace) : null,
            AnalyseTrace = c.String("analyse-trace") is { } analyse ? Path.GetFullPath(analyse) : null,
            Help = c.Help,
            Scaling = scaling,
            RebuildEvents = c.Int("rebuild-events", 1_000_000, 1),
        };
        c.RejectUnknown();
        if (options.Agents < options.Branches) throw new ArgumentException("--agents must be at least --branches.");
        if (options.Systems.FirstOrDefault(s => !AllSystems.Contains(s) && !OptionalSystems.Contains(s)) is { } unknown)
            throw new ArgumentException($"Unknown system '{unknown}' (a, b, b-everysec, c, d, a-base).");
        if (options.Systems.Contains("a-base") && options.BaselineDll is null)
            throw new ArgumentException("System a-base needs --baseline-dll PATH (the Tracking.Api.dll to compare with).");
        return options;
    }

    private static int[] ParseSizes(string list)
    {
        var sizes = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
                : throw new ArgumentException($"--scaling: '{s}' is not a number of agents."))
            .ToArray();
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--scaling needs at least one size.");
    }
}
