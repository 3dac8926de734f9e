using System.Globalization;

namespace Tracking.PushBenchmark;

/// <summary>
/// The machine's other CPU users over the measured window, from /proc/[pid]/stat: on a shared machine the
/// server competes with them as much as with the benchmark, and the report names the biggest.
/// </summary>
public static class OtherProcesses
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    /// <summary>A process's own CPU ticks, and those of its children that ended and were reaped by it.</summary>
    public readonly record struct Sample(string Name, long Own, long Children);

    /// <summary>CPU ticks (own plus reaped children's) of every process now; empty where /proc is not available.</summary>
    public static Dictionary<int, Sample> Snapshot()
    {
        var result = new Dictionary<int, Sample>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var f = stat[(close + 2)..].Split(' ');
                    // After "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14.
                    var own = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
                    var children = long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
                    result[pid] = new Sample(NameOf(dir, stat[(stat.IndexOf('(') + 1)..close]), own, children);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // Gone meanwhile, or not readable.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result.Clear();
        }
        return result;
    }

    /// <summary>
    /// The processes, other than <paramref name="exclude"/>, that used the most CPU between two snapshots, with
    /// the CPU of their children that ended in between (a short-lived compiler's CPU shows up only there, often at
    /// pid 1): that is a child's whole run, so it can exceed what it used inside the window.
    /// </summary>
    public static IReadOnlyList<string> Top(Dictionary<int, Sample> before, Dictionary<int, Sample> after, IEnumerable<int?> exclude, int count)
    {
        var excluded = exclude.OfType<int>().ToHashSet();
        excluded.Add(Environment.ProcessId);
        return after
            .Where(p => !excluded.Contains(p.Key))
            .Select(p =>
            {
                var b = before.TryGetValue(p.Key, out var held) && held.Name == p.Value.Name ? held : new Sample(p.Value.Name, 0, 0);
                return (p.Value.Name, Own: (p.Value.Own - b.Own) / TicksPerSecond, Children: (p.Value.Children - b.Children) / TicksPerSecond);
            })
            .Where(p => p.Own + p.Children > 0)
            .OrderByDescending(p => p.Own + p.Children)
            .Take(count)
            .Select(p => p.Children >= 0.1 ? $"{p.Name} {p.Own:0.0} s (+ {p.Children:0.0} s: children that ended meanwhile, their whole run)" : $"{p.Name} {p.Own:0.0} s")
            .ToArray();
    }

    private static string NameOf(string dir, string comm)
    {
        try
        {
            var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (args.Length == 0) return comm;
            var text = string.Join(' ', args.Take(4).Select((a, i) => i == 0 ? Path.GetFileName(a) : a.Length > 40 ? Path.GetFileName(a) : a));
            return text.Length > 70 ? text[..70] + "…" : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return comm;
        }
    }
}
