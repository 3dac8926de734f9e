using System.Globalization;
using Tracking.Clients.Common.Measurement;

namespace Tracking.Benchmarks;

/// <summary>The printed tables: one per phase, every figure also as a ratio to (a) of the same run.</summary>
public static class Report
{
    public static void PrintPhase(IReadOnlyList<PhaseResult> results, BenchOptions options, string title)
    {
        if (results.Count == 0) return;
        var a = results.FirstOrDefault(r => r.System.Label == "(a)");
        Console.WriteLine();
        Console.WriteLine(title);
        var header = $"| {"system",-34} | {"durable events/s",-20} | {"ingest p50 / p99 ms",-21} | {"event→subscriber p50 / p99 ms",-32} | {"CPU s system / load gen",-23} | {"CPU ms per 1k events",-20} | {"peak MiB system / load gen",-26} |";
        Console.WriteLine(header);
        Console.WriteLine("|" + string.Join("|", header.Split('|')[1..^1].Select(c => new string('-', c.Length))) + "|");
        foreach (var r in results)
        {
            var events = $"{r.EventsPerSecond:N0}" + Ratio(r.EventsPerSecond, a?.EventsPerSecond, r, a);
            var ingest = $"{Ms(r.Ingest.Percentile(50))} / {Ms(r.Ingest.Percentile(99))}" + Ratio(r.Ingest.Percentile(99), a?.Ingest.Percentile(99), r, a);
            var sub = r.Subscriber is null
                ? "n/a"
                : $"{Ms(r.Subscriber.Percentile(50))} / {Ms(r.Subscriber.Percentile(99))}" + Ratio(r.Subscriber.Percentile(99), a?.Subscriber?.Percentile(99), r, a)
                  + (r.SubscriberNever > 0 ? $" ({r.SubscriberNever:N0} never)" : "");
            var cpu = $"{Num(r.Resources.SystemCpu)} / {r.Resources.SelfCpu:0.0}";
            double? perK = r.Resources.SystemCpu is { } c && r.Events > 0 ? c * 1000 / (r.Events / 1000.0) : null;
            double? aPerK = a?.Resources.SystemCpu is { } ac && a.Events > 0 ? ac * 1000 / (a.Events / 1000.0) : null;
            var perKText = $"{Num(perK, "0")}" + Ratio(perK, aPerK, r, a);
            var mem = $"{MiB(r.Resources.SystemPeak)} / {MiB(r.Resources.SelfPeak)}";
            Console.WriteLine($"| {r.System.Label + " " + r.System.Title,-34} | {events,-20} | {ingest,-21} | {sub,-32} | {cpu,-23} | {perKText,-20} | {mem,-26} |");
        }
        foreach (var r in results)
        {
            var notes = new List<string>();
            if (r.Failed > 0) notes.Add($"{r.Failed} failed batches (first: {r.FirstError})");
            if (r.Retries > 0) notes.Add($"{r.Retries} retried POSTs");
            if (r.Mode == PhaseMode.Paced && r.ScheduleLag.Percentile(99) is > 50) notes.Add($"senders behind schedule p99 {Ms(r.ScheduleLag.Percentile(99))}");
            if (r.Resources.MachineBusy is { } busy) notes.Add($"machine busy {busy:P0}, other processes ≈ {r.OtherShare:P0}");
            if (options.Repeat > 1) notes.Add($"round {r.Round}");
            if (r.Resources.Breakdown.Length > 0) notes.Add(r.Resources.Breakdown);
            Console.WriteLine($"  {r.System.Label}: {r.Batches:N0} batches; " + string.Join("; ", notes));
        }
    }

    /// <summary>Per system (in the order run), the round in which other processes took the least CPU.</summary>
    public static List<PhaseResult> LeastDisturbed(IReadOnlyList<PhaseResult> all) =>
        all.GroupBy(r => r.System.Label).Select(g => g.OrderBy(r => r.OtherShare ?? 1).First()).ToList();

    /// <summary>With --repeat: every round's main figures, so the choice is visible.</summary>
    public static void PrintRounds(IReadOnlyList<PhaseResult> flat, IReadOnlyList<PhaseResult> paced, BenchOptions options)
    {
        if (options.Repeat <= 1) return;
        Console.WriteLine();
        Console.WriteLine("Every round (* = the one in the tables: other processes took the least CPU)");
        foreach (var (phase, results) in new[] { ("flat out", flat), ($"paced {options.Rate:0}/s", paced) })
        {
            var chosen = LeastDisturbed(results);
            foreach (var r in results)
            {
                double? perK = r.Resources.SystemCpu is { } c && r.Events > 0 ? c * 1e6 / r.Events : null;
                Console.WriteLine($"  {(chosen.Contains(r) ? "*" : " ")} {phase,-12} round {r.Round}  {r.System.Label,-4} {r.EventsPerSecond,8:N0} events/s  ingest p99 {Ms(r.Ingest.Percentile(99)),5} ms  " +
                                  $"subscriber p99 {Ms(r.Subscriber?.Percentile(99)),5} ms  {Num(perK, "0"),4} CPU ms/1k events  other processes {r.OtherShare:P0}");
            }
        }
    }

    public static void PrintGoals(IReadOnlyList<PhaseResult> flat, IReadOnlyList<PhaseResult> paced, BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine("Goals");
        var a = flat.FirstOrDefault(r => r.System.Label == "(a)");
        var d = flat.FirstOrDefault(r => r.System.Label == "(d)");
        if (a is not null && d is not null)
        {
            var ratio = a.EventsPerSecond / d.EventsPerSecond;
            Console.WriteLine($"  durable ingest ≥ 1/2 of the COPY ceiling: (a) = {ratio:0.00} × (d) — {(ratio >= 0.5 ? "met" : $"MISSED by {0.5 - ratio:0.00} × (d) ({(0.5 * d.EventsPerSecond - a.EventsPerSecond):N0} events/s)")}");
        }
        foreach (var label in new[] { "(b)", "(c)" })
        {
            var x = flat.FirstOrDefault(r => r.System.Label == label);
            if (a is null || x is null) continue;
            var ratio = x.EventsPerSecond / a.EventsPerSecond;
            Console.WriteLine($"  ahead of {label} {x.System.Title} at equal durability: {label} = {ratio:0.00} × (a) — {(ratio < 1 ? "met" : $"MISSED: (a) is {1 / ratio:0.00} × {label}")}");
        }
        var pa = paced.FirstOrDefault(r => r.System.Label == "(a)");
        if (pa?.Subscriber?.Percentile(99) is { } p99)
        {
            var achieved = pa.EventsPerSecond;
            var met = p99 <= options.TargetP99Ms && pa.SubscriberNever == 0 && achieved >= options.Rate * 0.95;
            Console.WriteLine($"  event-to-screen p99 ≤ {options.TargetP99Ms:0} ms at {options.Rate:N0} events/s: p99 {Ms(p99)} at {achieved:N0} events/s achieved — " +
                              (met ? "met" : $"MISSED{(p99 > options.TargetP99Ms ? $" by {p99 - options.TargetP99Ms:0} ms ({p99 / options.TargetP99Ms:0.00} × the target)" : "")}{(achieved < options.Rate * 0.95 ? " (rate not reached)" : "")}{(pa.SubscriberNever > 0 ? $" ({pa.SubscriberNever} never shown)" : "")}"));
        }
    }

    private static string Ratio(double? value, double? a, PhaseResult r, PhaseResult? aResult) =>
        value is { } v && a is { } av && av > 0 && !ReferenceEquals(r, aResult) ? $" ({v / av:0.00}×)" : "";

    private static string Ms(double? ms) => ms is { } v ? (v < 10 ? v.ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0", CultureInfo.InvariantCulture)) : "n/a";

    private static string Num(double? v, string format = "0.0") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string MiB(long? bytes) => bytes is { } b ? $"{b / 1024.0 / 1024.0:0}" : "n/a";
}
