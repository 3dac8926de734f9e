using System.Globalization;

namespace Tracking.PushBenchmark;

public enum HubProtocol { Json, MessagePack }

/// <summary>The command line: <c>--name value</c> or <c>--name=value</c>; every option has a default.</summary>
public sealed class BenchmarkOptions
{
    public int Agents { get; private set; } = 1000;
    public int Branches { get; private set; } = 10;
    public int TeamsPerBranch { get; private set; } = 10;
    public int Screens { get; private set; } = 200;
    public double Rate { get; private set; } = 2000;
    public double Seconds { get; private set; } = 60;
    public int Batch { get; private set; } = 20;
    public double Warmup { get; private set; } = 5;
    public double Drain { get; private set; } = 5;
    public HubProtocol Protocol { get; private set; } = HubProtocol.Json;

    /// <summary>A second topic per screen, with <c>{branch}</c> standing for the branch id; null for none.</summary>
    public string? ExtraTopic { get; private set; } = "leaderboard:{branch}:fyp:day:agents:20";

    public string? Url { get; private set; }
    public string? Postgres { get; private set; }
    public int? ServerPid { get; private set; }
    public string? ServerDll { get; private set; }
    public List<string> ServerArgs { get; } = [];
    public double TargetP99Ms { get; private set; } = 150;
    public bool Help { get; private set; }

    public const string Usage = """
        Tracking push benchmark: push latency from the HTTP response of POST /api/v1/events to a SignalR
        screen's receipt of the leaderboard showing it.

        Usage: dotnet run -c Release --project clients/Tracking.PushBenchmark -- [options]

          --agents N           agents (default 1000), spread evenly over the branches and their teams
          --branches N         branches (default 10)
          --teams N            teams per branch (default 10)
          --screens N          SignalR connections (default 200), spread evenly over the branches
          --rate N             offered events per second (default 2000)
          --seconds S          measured seconds (default 60)
          --warmup S           seconds of load before measuring (default 5)
          --drain S            at most this long after the load to wait for the last pushes (default 5)
          --batch N            events per POST (default 20); each POST is for one branch
          --protocol P         json (default) or messagepack
          --extra-topic T      a second topic per screen, {branch} = its branch
                               (default leaderboard:{branch}:fyp:day:agents:20; "none" for none)
          --url URL            use a running server instead of starting one (e.g. http://localhost:5080)
          --server-pid PID     with --url: the server's process, for CPU and memory (found from the port if omitted)
          --pg "CONN"          start the server in durable mode on this PostgreSQL connection string
          --server-dll PATH    the Tracking.Api.dll to start (default: the build of this configuration)
          --server-arg ARG     one more argument for the started server, repeatable
                               (e.g. --server-arg=--Push:CoalescingWindow=00:00:00.050)
          --target-p99 MS      the latency target the verdict is printed against (default 150)
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?") { o.Help = true; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'.");
            string name, value;
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[2..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value.");
                value = args[++i];
            }
            switch (name)
            {
                case "agents": o.Agents = Int(name, value, 1); break;
                case "branches": o.Branches = Int(name, value, 1); break;
                case "teams": o.TeamsPerBranch = Int(name, value, 1); break;
                case "screens": o.Screens = Int(name, value, 0); break;
                case "rate": o.Rate = Number(name, value, 0.001); break;
                case "seconds": o.Seconds = Number(name, value, 1); break;
                case "warmup": o.Warmup = Number(name, value, 0); break;
                case "drain": o.Drain = Number(name, value, 0); break;
                case "batch": o.Batch = Int(name, value, 1); break;
                case "protocol":
                    o.Protocol = value.ToLowerInvariant() switch
                    {
                        "json" => HubProtocol.Json,
                        "messagepack" or "msgpack" => HubProtocol.MessagePack,
                        _ => throw new ArgumentException("--protocol is json or messagepack."),
                    };
                    break;
                case "extra-topic": o.ExtraTopic = value is "" or "none" ? null : value; break;
                case "url": o.Url = value.TrimEnd('/'); break;
                case "server-pid": o.ServerPid = Int(name, value, 1); break;
                case "pg": o.Postgres = value; break;
                case "server-dll": o.ServerDll = Path.GetFullPath(value); break;
                case "server-arg": o.ServerArgs.Add(value); break;
                case "target-p99": o.TargetP99Ms = Number(name, value, 0); break;
                default: throw new ArgumentException($"Unknown option --{name}.");
            }
        }
        if (o.Batch > 1000) throw new ArgumentException("--batch is at most 1000 (the API's limit per POST).");
        if (o.Agents < o.Branches) throw new ArgumentException("--agents must be at least --branches.");
        if (o.Url is not null && o.Postgres is not null) throw new ArgumentException("--url and --pg exclude each other: --pg starts a server.");
        return o;
    }

    private static int Int(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"--{name} must be a whole number of at least {min}.");

    private static double Number(string name, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && double.IsFinite(n)
            ? n
            : throw new ArgumentException($"--{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}.");
}
