using Tracking.Clients.Common;
using Tracking.Clients.Common.Workload;

namespace Tracking.Simulator;

public enum SimulationMode { Rate, Replay }

/// <summary>The simulator's command line.</summary>
public sealed class SimulatorOptions
{
    public required string Url { get; init; }
    public required SimulationMode Mode { get; init; }
    public bool Demo { get; init; }
    public double Rate { get; init; }
    public (int Year, int Month)? ReplayMonth { get; init; }
    public double Speed { get; init; }
    public int Agents { get; init; }
    public int Branches { get; init; }
    public int Batch { get; init; }
    public int Senders { get; init; }
    public int Seed { get; init; }
    public string Prefix { get; init; } = "";
    public double? Duration { get; init; }
    public long? MaxEvents { get; init; }
    public bool SkipSetup { get; init; }
    public bool Verbose { get; init; }
    public bool NoProgress { get; init; }
    public bool Help { get; init; }

    /// <summary>Ids of events and policies carry this, so another seed or month never collides with this run and the same one repeats it exactly.</summary>
    public string RunTag => ReplayMonth is { } m ? $"m{m.Year:0000}{m.Month:00}s{Seed}" : $"s{Seed}";

    public const string Usage = """
        Tracking simulator: a realistic sales force posting its activity to a Tracking server.

        Usage: dotnet run --project clients/Tracking.Simulator -- [options]

          --url URL              the server (default http://localhost:5080)
          --demo                 a small organisation (4 branches, 64 agents), 3 events/s, one event per POST,
                                 every event printed; any option below still applies
          --rate N               post N events per second, occurring now (default 50; demo 3)
          --replay-month YYYY-MM post that month's activity, dated through the month, in time order
          --speed X              replay: simulated seconds per real second (default 3600: an hour a second);
                                 0 = as fast as the server takes it
          --agents N             agents (default 120; demo 64), in teams of 8-15
          --branches N           branches (default 4; demo 4): Shanghai, Hong Kong, London, New York time, ...
          --batch N              events per POST, 1-1000 (default 50; demo 1)
          --senders N            POSTs in flight at once, each for its own branches (default 2; demo 1)
          --seed N               the organisation and its activity (default 1): the same seed posts the same
                                 events with the same ids, so a second run is counted as duplicates
          --prefix P             prefix for branch, team and agent ids (default none: SZ01, A1001, ...)
          --duration S           stop after S seconds (rate mode; default: until Ctrl-C)
          --events N             stop after N events
          --no-setup             do not PUT the organisation and targets (they exist already)
          --verbose              print every event (the default with --demo)
          --no-progress          no progress bar (periodic lines instead)

        A 503 (with Retry-After) or a connection error is retried with the same batch (idempotent by eventId).
        A replay never posts an event dated after now: a replay of the current month stops at now.
        """;

    public static SimulatorOptions Parse(string[] args)
    {
        var c = new CommandLine(args, "demo", "no-setup", "verbose", "no-progress");
        var demo = c.Flag("demo");
        var replay = c.String("replay-month") is { } m ? MonthSchedule.ParseMonth(m) : ((int, int)?)null;
        if (replay is not null && c.Has("rate")) throw new ArgumentException("--rate and --replay-month exclude each other.");
        var options = new SimulatorOptions
        {
            Url = (c.String("url") ?? "http://localhost:5080").TrimEnd('/'),
            Demo = demo,
            Mode = replay is null ? SimulationMode.Rate : SimulationMode.Replay,
            Rate = c.Double("rate", demo ? 3 : 50, 0.01),
            ReplayMonth = replay,
            Speed = c.Double("speed", 3600, 0),
            Agents = c.Int("agents", demo ? 64 : 120, 1),
            Branches = c.Int("branches", 4, 1, 500),
            Batch = c.Int("batch", demo ? 1 : 50, 1, 1000),
            Senders = c.Int("senders", demo ? 1 : 2, 1, 256),
            Seed = c.Int("seed", 1),
            Prefix = c.String("prefix") ?? "",
            Duration = c.Has("duration") ? c.Double("duration", 0, 0.1) : null,
            MaxEvents = c.Has("events") ? c.Int("events", 0, 1) : null,
            SkipSetup = c.Flag("no-setup"),
            Verbose = demo || c.Flag("verbose"),
            NoProgress = c.Flag("no-progress"),
            Help = c.Help,
        };
        c.RejectUnknown();
        if (options.Agents < options.Branches) throw new ArgumentException("--agents must be at least --branches.");
        if (options.Duration is not null && options.Mode == SimulationMode.Replay) throw new ArgumentException("--duration is for rate mode; a replay ends with its month (or now).");
        return options;
    }
}
